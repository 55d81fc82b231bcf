#include "center/privacy/privacy_filter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

#include "center/privacy/observable_id.hpp"
#include "intel/pattern.hpp"

namespace rampart::center::privacy {

namespace {

using intel::Json;

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

// Properties whose strings the filter treats apart from free text: identity,
// timestamps and references (rewritten with the ids), the pattern (rewritten on its
// parse tree) and the value of the observables filter_observable handles.
bool is_filtered_apart(std::string_view type, std::string_view key) {
  if (key == "id" || key == "type" || key == "spec_version" || key == "created" || key == "modified" ||
      key.ends_with("_ref") || key.ends_with("_refs"))
    return true;
  if (type == "indicator" && key == "pattern") return true;
  return key == "value" &&
         (type == "ipv4-addr" || type == "ipv6-addr" || type == "url" || type == "email-addr" || type == "domain-name");
}

// Old id to new id; nullopt when the object was withheld.
using IdChanges = std::map<std::string, std::optional<std::string>, std::less<>>;

bool is_type_char(char c) { return (c >= 'a' && c <= 'z') || is_digit(c) || c == '-'; }

// The changed id that text[start, end) spells, trying each type suffix before "--".
const IdChanges::value_type* changed_id_at(std::string_view text, size_t start, size_t end, const IdChanges& changes) {
  for (size_t from = start; from + 2 < end; ++from) {
    if (from != start && text[from - 1] != '-') continue;
    if (auto found = changes.find(text.substr(from, end - from)); found != changes.end()) return &*found;
  }
  return nullptr;
}

// Every changed id inside text replaced by its new id, or kReferenceRemoved.
std::string rewrite_ids_in_text(std::string_view text, const IdChanges& changes) {
  constexpr size_t kUuidLength = 36;
  std::string out;
  size_t copied = 0;
  for (size_t separator = text.find("--"); separator != std::string_view::npos;
       separator = text.find("--", separator + 2)) {
    size_t end = separator + 2 + kUuidLength;
    if (end > text.size()) break;
    size_t start = separator;
    while (start > copied && is_type_char(text[start - 1])) --start;
    const auto* changed = changed_id_at(text, start, end, changes);
    if (!changed) continue;
    size_t from = end - (changed->first.size());
    out.append(text.substr(copied, from - copied));
    out.append(changed->second ? *changed->second : std::string(kReferenceRemoved));
    copied = end;
    separator = end - 2;
  }
  out.append(text.substr(copied));
  return out;
}

// Rewrites the references below node; false when the object must be withheld: a
// single _ref, or every entry of a _refs list, pointed at withheld objects.
bool rewrite_references(Json& node, const IdChanges& changes) {
  if (node.is_string()) {
    node = rewrite_ids_in_text(node.get<std::string>(), changes);
    return true;
  }
  if (node.is_array()) {
    for (auto& element : node)
      if (!rewrite_references(element, changes)) return false;
    return true;
  }
  if (!node.is_object()) return true;
  for (auto& [key, member] : node.items()) {
    if (key.ends_with("_ref") && member.is_string()) {
      auto found = changes.find(member.get<std::string>());
      if (found == changes.end()) continue;
      if (!found->second) return false;
      member = *found->second;
    } else if (key.ends_with("_refs") && member.is_array() && !member.empty()) {
      Json kept = Json::array();
      for (auto& ref : member) {
        auto found = ref.is_string() ? changes.find(ref.get<std::string>()) : changes.end();
        if (found == changes.end()) kept.push_back(std::move(ref));
        else if (found->second) kept.push_back(*found->second);
      }
      if (kept.empty()) return false;
      member = std::move(kept);
    } else if (!rewrite_references(member, changes)) {
      return false;
    }
  }
  return true;
}

// The deterministic id of the filtered content when its id-contributing properties
// differ from the original's.
std::optional<std::string> recomputed_id(const Json& original, const Json& filtered) {
  auto after = id_contributing_json(filtered);
  if (!after || after == id_contributing_json(original)) return std::nullopt;
  return deterministic_id(filtered);
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
  if (type == "user-account") return !settings_.remove_user_accounts;
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
  if (type == "url" || type == "domain-name") {
    bool removed = false;
    *value = scrub_text(value->get<std::string>(), removed);
    return !removed;
  }
  return true;
}

bool PrivacyFilter::filter_pattern(Json& indicator) const {
  auto pattern = indicator.find("pattern");
  if (pattern == indicator.end() || !pattern->is_string()) return true;
  // A user-account comparison names a person whatever its literal says.
  if (settings_.remove_user_accounts && pattern->get_ref<const std::string&>().find("user-account:") != std::string::npos)
    return false;
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

void PrivacyFilter::scrub_strings(Json& node) const {
  if (node.is_string()) {
    bool removed = false;
    node = scrub_text(node.get<std::string>(), removed);
  } else if (node.is_array()) {
    for (auto& element : node) scrub_strings(element);
  } else if (node.is_object()) {
    std::string type = string_member(node, "type");
    for (auto& [key, member] : node.items())
      if (!is_filtered_apart(type, key)) scrub_strings(member);
  }
}

std::optional<Json> PrivacyFilter::filter_content(const Json& object) const {
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
  scrub_strings(copy);
  return copy;
}

std::optional<Json> PrivacyFilter::apply(const Json& object) const { return std::move(apply_all({object}).front()); }

std::vector<std::optional<Json>> PrivacyFilter::apply_all(const std::vector<Json>& objects,
                                                          const std::vector<Json>& referenced) const {
  struct Entry {
    const Json* original;
    std::string id;
    bool deterministic;  // an observable type whose id derives from its content
    std::optional<Json> content;
  };
  std::vector<Entry> entries;
  for (const auto* list : {&objects, &referenced})
    for (const auto& object : *list) {
      std::string id = object.is_object() ? string_member(object, "id") : std::string();
      bool deterministic = object.is_object() && !id_contributing_properties(string_member(object, "type")).empty();
      entries.push_back({&object, std::move(id), deterministic, filter_content(object)});
    }
  // Only observables' ids tell their content: a withheld domain object keeps the
  // references to it (its receivers see a dangling one, as with TLP).
  IdChanges changes;
  for (const auto& entry : entries)
    if (!entry.content && entry.deterministic && !entry.id.empty()) changes[entry.id] = std::nullopt;
  // New ids cascade through contributing references (network-traffic's src_ref, ...):
  // repeat until nothing changes; each round settles at least one more object.
  for (size_t round = 0; round <= entries.size(); ++round) {
    bool changed = false;
    for (auto& entry : entries) {
      if (!entry.content || entry.id.empty()) continue;
      Json candidate = *entry.content;
      if (!rewrite_references(candidate, changes)) {
        entry.content.reset();
        if (entry.deterministic) changes[entry.id] = std::nullopt;
        changed = true;
        continue;
      }
      auto new_id = recomputed_id(*entry.original, candidate);
      if (!new_id || *new_id == entry.id) continue;
      auto known = changes.find(entry.id);
      if (known != changes.end() && known->second == new_id) continue;
      changes[entry.id] = std::move(new_id);
      changed = true;
    }
    if (!changed) break;
  }
  std::vector<std::optional<Json>> out;
  for (size_t i = 0; i < objects.size(); ++i) {
    auto& entry = entries[i];
    if (!entry.content) {
      out.emplace_back();
      continue;
    }
    Json result = std::move(*entry.content);
    if (!rewrite_references(result, changes)) {
      out.emplace_back();
      continue;
    }
    // The object's own id: its new one, or the original when only another copy of it was withheld.
    if (!entry.id.empty()) {
      auto own = changes.find(entry.id);
      result["id"] = own != changes.end() && own->second ? *own->second : entry.id;
    }
    out.push_back(std::move(result));
  }
  return out;
}

}  // namespace rampart::center::privacy
