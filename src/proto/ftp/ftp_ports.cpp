#include "proto/ftp/ftp_ports.hpp"

#include <array>
#include <charconv>

namespace rampart::proto::ftp {

namespace {

std::optional<unsigned> number(std::string_view text, unsigned max) {
  unsigned value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size() || value > max) return std::nullopt;
  return value;
}

// The six numbers of "h1,h2,h3,h4,p1,p2"; a 227 reply's text may surround them
// with words and parentheses.
std::optional<std::array<unsigned, 6>> host_port_numbers(std::string_view text) {
  size_t start = text.find_first_of("0123456789");
  if (start == std::string_view::npos) return std::nullopt;
  text = text.substr(start);
  text = text.substr(0, text.find_first_not_of("0123456789,"));
  std::array<unsigned, 6> values{};
  for (size_t i = 0; i < values.size(); ++i) {
    size_t comma = text.find(',');
    if ((i + 1 < values.size()) == (comma == std::string_view::npos)) return std::nullopt;
    auto value = number(text.substr(0, comma), 255);
    if (!value) return std::nullopt;
    values[i] = *value;
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
  }
  return values;
}

// EPRT's protocol, address and port fields, split at the delimiter its first character names.
std::optional<std::array<std::string_view, 3>> eprt_fields(std::string_view text) {
  if (text.empty()) return std::nullopt;
  char delimiter = text[0];
  std::array<std::string_view, 3> fields;
  text.remove_prefix(1);
  for (auto& field : fields) {
    size_t end = text.find(delimiter);
    if (end == std::string_view::npos) return std::nullopt;
    field = text.substr(0, end);
    text.remove_prefix(end + 1);
  }
  return fields;
}

}  // namespace

std::optional<uint16_t> port_of_host_port(std::string_view text) {
  auto values = host_port_numbers(text);
  if (!values) return std::nullopt;
  return static_cast<uint16_t>((*values)[4] * 256 + (*values)[5]);
}

std::optional<IpAddress> address_of_host_port(std::string_view text) {
  auto values = host_port_numbers(text);
  if (!values) return std::nullopt;
  std::array<uint8_t, 4> bytes{};
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>((*values)[i]);
  return IpAddress::v4(bytes.data());
}

std::optional<IpAddress> address_of_eprt(std::string_view text) {
  auto fields = eprt_fields(text);
  if (!fields || ((*fields)[0] != "1" && (*fields)[0] != "2")) return std::nullopt;
  auto address = IpAddress::parse((*fields)[1]);
  if (!address || address->is_v4() != ((*fields)[0] == "1")) return std::nullopt;
  return address;
}

std::optional<uint16_t> port_of_eprt(std::string_view text) {
  auto fields = eprt_fields(text);
  if (!fields) return std::nullopt;
  auto port = number((*fields)[2], 65535);
  if (!port) return std::nullopt;
  return static_cast<uint16_t>(*port);
}

std::optional<uint16_t> port_of_epsv_reply(std::string_view text) {
  size_t open = text.find("(|||");
  if (open == std::string_view::npos) return std::nullopt;
  text.remove_prefix(open + 4);
  auto port = number(text.substr(0, text.find('|')), 65535);
  if (!port || text.find("|)") == std::string_view::npos) return std::nullopt;
  return static_cast<uint16_t>(*port);
}

}  // namespace rampart::proto::ftp
