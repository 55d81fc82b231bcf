#include "center/privacy/privacy_filter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "intel/pattern.hpp"

namespace rampart::center::privacy {

namespace {

using intel::Json;

constexpr std::array<const char*, 5> kTextProperties{"name", "description", "content", "explanation", "abstract"};

bool is_alpha_numeric(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_address_char(char c) { return is_hex(c) || c == ':' || c == '.'; }
bool is_email_local_char(char c) {
  return is_alpha_numeric(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
bool is_domain_char(char c) { return is_alpha_numeric(c) || c == '.' || c == '-'; }
bool ends_authority(char c) {
  return c == '/' || c == '?' || c == '#' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\'' ||
         c == '<' || c == '>';
}

bool contains(const intel::Cidr& network, const intel::Cidr& block) {
  if (network.family != block.family || block.prefix_length < network.prefix_length) return false;
  for (int bit = 0; bit < network.prefix_length; ++bit) {
    auto index = static_cast<size_t>(bit / 8);
    auto mask = static_cast<uint8_t>(0x80u >> (bit % 8));
    if ((network.bytes[index] & mask) != (block.bytes[index] & mask)) return false;
  }
  return true;
}

std::string string_member(const Json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// Calls visit on every literal of a pattern tree.
template <typename Visit>
void for_each_literal(intel::ComparisonExpression& expression, Visit& visit) {
  if (expression.kind == intel::ComparisonExpression::Kind::Test) {
    for (auto& literal : expression.test.values) visit(literal);
    return;
  }
  for (auto& operand : expression.operands) for_each_literal(operand, visit);
}

template <typename Visit>
void for_each_literal(intel::ObservationExpression& expression, Visit& visit) {
  if (expression.kind == intel::ObservationExpression::Kind::Observation) {
    for_each_literal(expression.comparison, visit);
    return;
  }
  for (auto& operand : expression.operands) for_each_literal(operand, visit);
}

}  // namespace

std::string strip_url_userinfo(std::string_view text) {
  std::string out;
  size_t copied = 0;
  for (size_t scheme = text.find("://"); scheme != std::string_view::npos; scheme = text.find("://", scheme + 3)) {
    size_t start = scheme + 3;
    size_t end = start;
    while (end < text.size() && !ends_authority(text[end])) ++end;
    size_t at = text.substr(start, end - start).rfind('@');
    if (at == std::string_view::npos) continue;
    out.append(text.substr(copied, start - copied));
    copied = start + at + 1;
  }
  out.append(text.substr(copied));
  return out;
}

std::string replace_emails(std::string_view text) {
  std::string out;
  size_t copied = 0;
  for (size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    size_t start = at;
    while (start > copied && is_email_local_char(text[start - 1])) --start;
    size_t end = at + 1;
    while (end < text.size() && is_domain_char(text[end])) ++end;
    while (end > at + 1 && (text[end - 1] == '.' || text[end - 1] == '-')) --end;
    std::string_view domain = text.substr(at + 1, end - at - 1);
    size_t dot = domain.find('.');
    if (start == at || dot == std::string_view::npos || dot == 0) continue;
    out.append(text.substr(copied, start - copied));
    out.append(kEmailRemoved);
    copied = end;
    at = end - 1;
  }
  out.append(text.substr(copied));
  return out;
}

std::expected<PrivacyFilter, std::string> PrivacyFilter::create(PrivacySettings settings) {
  bool pseudonymise = !settings.internal_networks.empty() && settings.addresses != AddressTreatment::remove;
  if (pseudonymise && settings.key.size() < kMinimumKeyBytes)
    return std::unexpected(fmt::format("pseudonymising addresses needs a key_file of at least {} bytes (it has {})",
                                       kMinimumKeyBytes, settings.key.size()));
  if (settings.addresses == AddressTreatment::keyed)
    for (const auto& network : settings.internal_networks)
      if (network.prefix_length == (network.family == 4 ? 32 : 128))
        return std::unexpected(fmt::format("internal network {} is a single address: keyed pseudonyms keep the "
                                           "network part, so give the network it belongs to",
                                           network.to_string()));
  PrivacyFilter filter;
  if (pseudonymise && settings.addresses == AddressTreatment::prefix_preserving)
    filter.prefix_preserving_ = std::make_shared<const PrefixPreservingPseudonymiser>(settings.key);
  filter.settings_ = std::move(settings);
  return filter;
}

const intel::Cidr* PrivacyFilter::internal_network_of(const intel::Cidr& block) const {
  const intel::Cidr* best = nullptr;
  for (const auto& network : settings_.internal_networks)
    if (contains(network, block) && (!best || network.prefix_length > best->prefix_length)) best = &network;
  return best;
}

std::optional<std::string> PrivacyFilter::replace_address(std::string_view text) const {
  auto block = intel::parse_cidr(text);
  if (!block) return std::nullopt;
  const intel::Cidr* network = internal_network_of(*block);
  if (!network) return std::nullopt;
  if (settings_.addresses == AddressTreatment::remove) return std::string();
  intel::Cidr pseudonym = settings_.addresses == AddressTreatment::keyed
                              ? keyed_pseudonym(*block, network->prefix_length, settings_.key)
                              : prefix_preserving_->pseudonymise(*block);
  std::string out = pseudonym.to_string();
  if (text.find('/') == std::string_view::npos) out.erase(out.rfind('/'));
  return out;
}

std::string PrivacyFilter::replace_addresses_in_text(std::string_view text, bool& address_removed) const {
  std::string out;
  size_t copied = 0;
  // Replaces text[start, end) (extended by a "/length" right after it) when it is an internal address.
  auto try_replace = [&](size_t start, size_t end) {
    size_t with_length = end;
    if (end + 1 < text.size() && text[end] == '/' && is_digit(text[end + 1])) {
      with_length = end + 1;
      while (with_length < text.size() && is_digit(text[with_length])) ++with_length;
    }
    for (size_t stop : {with_length, end}) {
      auto replacement = replace_address(text.substr(start, stop - start));
      if (!replacement) continue;
      out.append(text.substr(copied, start - copied));
      if (replacement->empty()) address_removed = true;
      out.append(replacement->empty() ? std::string(kAddressRemoved) : *replacement);
      copied = stop;
      return true;
    }
    return false;
  };
  size_t i = 0;
  while (i < text.size()) {
    if (!is_address_char(text[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && is_address_char(text[end])) ++end;
    size_t trimmed = end;
    while (trimmed > i && text[trimmed - 1] == '.') --trimmed;
    if (!try_replace(i, trimmed)) {
      // "host:10.0.0.1", "10.0.0.1:443": the dotted parts alone.
      for (size_t part = i; part < trimmed;) {
        while (part < trimmed && !is_digit(text[part])) ++part;
        size_t part_end = part;
        while (part_end < trimmed && (is_digit(text[part_end]) || text[part_end] == '.')) ++part_end;
        if (part < part_end) try_replace(part, part_end);
        part = part_end;
      }
    }
    i = std::max(end, copied);
  }
  out.append(text.substr(copied));
  return out;
}

std::string PrivacyFilter::scrub_text(std::string_view text, bool& address_removed) const {
  std::string out(text);
  if (settings_.remove_url_userinfo) out = strip_url_userinfo(out);
  if (settings_.remove_emails) out = replace_emails(out);
  if (!settings_.internal_networks.empty()) out = replace_addresses_in_text(out, address_removed);
  return out;
}

bool PrivacyFilter::filter_observable(Json& object) const {
  std::string type = string_member(object, "type");
  auto value = object.find("value");
  if (value == object.end() || !value->is_string()) return true;
  if (type == "email-addr") return !settings_.remove_emails;
  if (type == "ipv4-addr" || type == "ipv6-addr") {
    auto replacement = replace_address(value->get<std::string>());
    if (!replacement) return true;
    if (replacement->empty()) return false;
    *value = *replacement;
    return true;
  }
  if (type == "url") {
    bool removed = false;
    *value = scrub_text(value->get<std::string>(), removed);
    return !removed;
  }
  return true;
}

bool PrivacyFilter::filter_pattern(Json& indicator) const {
  auto pattern = indicator.find("pattern");
  if (pattern == indicator.end() || !pattern->is_string()) return true;
  bool removed = false;
  if (string_member(indicator, "pattern_type") != "stix") {
    *pattern = scrub_text(pattern->get<std::string>(), removed);
    return !removed;
  }
  auto tree = intel::parse_pattern(pattern->get<std::string>());
  if (!tree) return false;  // stored indicators were validated; never let an unreadable one through
  auto visit = [&](intel::Literal& literal) {
    if (literal.kind != intel::LiteralKind::String) return;
    if (auto replacement = replace_address(literal.text)) {
      if (replacement->empty()) removed = true;
      literal.text = std::move(*replacement);
      return;
    }
    literal.text = scrub_text(literal.text, removed);
  };
  for_each_literal(tree->root, visit);
  if (removed) return false;
  *pattern = intel::print_pattern(*tree);
  return true;
}

std::optional<Json> PrivacyFilter::apply(const Json& object) const {
  if (!object.is_object()) return std::nullopt;
  Json copy = object;
  if (!filter_observable(copy)) return std::nullopt;
  std::string type = string_member(copy, "type");
  if (type == "indicator" && !filter_pattern(copy)) return std::nullopt;
  if (type == "observed-data") {
    auto embedded = copy.find("objects");
    if (embedded != copy.end() && embedded->is_object())
      for (auto& [key, observable] : embedded->items())
        if (observable.is_object() && !filter_observable(observable)) return std::nullopt;
  }
  for (const char* property : kTextProperties) {
    auto text = copy.find(property);
    if (text == copy.end() || !text->is_string()) continue;
    bool removed = false;
    *text = scrub_text(text->get<std::string>(), removed);
  }
  return copy;
}

}  // namespace rampart::center::privacy
