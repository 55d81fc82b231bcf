#include "center/api/alert_query_params.hpp"

#include <fmt/format.h>

#include <charconv>

#include "center/ingest/eve_time.hpp"

namespace rampart::center {

namespace {

std::optional<int64_t> parse_integer(std::string_view text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// A time is RFC 3339 / EVE text or integer seconds since the epoch.
std::optional<int64_t> parse_time(std::string_view text) {
  if (auto seconds = parse_integer(text)) {
    if (*seconds < 0 || *seconds > int64_t{1} << 40) return std::nullopt;
    return *seconds * 1000000;
  }
  return parse_eve_time(text);
}

std::string bad(std::string_view name, std::string_view value, std::string_view expected) {
  return fmt::format("parameter \"{}\": \"{}\" is not {}", name, value, expected);
}

}  // namespace

std::expected<AlertQuery, std::string> parse_alert_query(const std::map<std::string, std::string>& params) {
  AlertQuery query;
  query.limit = kDefaultAlertLimit;
  for (const auto& [name, value] : params) {
    if (name == "since" || name == "until") {
      auto time = parse_time(value);
      if (!time) return std::unexpected(bad(name, value, "a time (RFC 3339 or seconds since the epoch)"));
      (name == "since" ? query.since_us : query.until_us) = *time;
    } else if (name == "sensor") {
      query.sensor = value;
    } else if (name == "signature_id") {
      auto id = parse_integer(value);
      if (!id || *id < 0) return std::unexpected(bad(name, value, "a signature id"));
      query.signature_id = *id;
    } else if (name == "src_ip" || name == "dest_ip" || name == "ip") {
      if (value.empty()) return std::unexpected(bad(name, value, "an address"));
      (name == "src_ip" ? query.src_ip : name == "dest_ip" ? query.dest_ip : query.any_ip) = value;
    } else if (name == "min_severity") {
      auto severity = parse_integer(value);
      if (!severity || *severity < 1 || *severity > 255) return std::unexpected(bad(name, value, "a severity 1..255"));
      query.min_severity = static_cast<int>(*severity);
    } else if (name == "limit") {
      auto limit = parse_integer(value);
      if (!limit || *limit < 1 || *limit > static_cast<int64_t>(kMaxAlertLimit))
        return std::unexpected(bad(name, value, fmt::format("a count 1..{}", kMaxAlertLimit)));
      query.limit = static_cast<size_t>(*limit);
    } else if (name == "next") {
      query.after = decode_cursor(value);
      if (!query.after) return std::unexpected(bad(name, value, "a cursor from an earlier page"));
    } else {
      return std::unexpected(fmt::format("unknown parameter \"{}\"", name));
    }
  }
  return query;
}

// The cursor is the hex text of "TIME_US.ID": opaque to clients, cheap to check.
std::string encode_cursor(const AlertCursor& cursor) {
  std::string plain = fmt::format("{}.{}", cursor.time_us, cursor.id);
  std::string out;
  for (unsigned char c : plain) out += fmt::format("{:02x}", c);
  return out;
}

std::optional<AlertCursor> decode_cursor(std::string_view text) {
  if (text.empty() || text.size() % 2 != 0 || text.size() > 80) return std::nullopt;
  std::string plain;
  for (size_t i = 0; i < text.size(); i += 2) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data() + i, text.data() + i + 2, value, 16);
    if (ec != std::errc() || end != text.data() + i + 2) return std::nullopt;
    plain.push_back(static_cast<char>(value));
  }
  size_t dot = plain.find('.');
  if (dot == std::string::npos) return std::nullopt;
  auto time_us = parse_integer(std::string_view(plain).substr(0, dot));
  auto id = parse_integer(std::string_view(plain).substr(dot + 1));
  if (!time_us || !id || *id < 0) return std::nullopt;
  return AlertCursor{*time_us, *id};
}

}  // namespace rampart::center
