// Keywords on application protocol fields that are compared with a value rather than
// inspected as buffers: app-layer-protocol, tls.version,
// modbus, dnp3_func, dnp3_ind, dnp3_obj, enip_command, cip_service.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "detect/buffer_registry.hpp"
#include "detect/keyword_registry.hpp"
#include "detect/keywords/keyword_families.hpp"
#include "detect/protocols.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

namespace {

template <size_t N>
bool listed(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Records the condition and ties the rule to protocol, which must agree with the header.
RuleResult<void> add_condition(RuleBuilder& b, std::string_view keyword, std::string_view value, std::string_view protocol) {
  auto& sig = b.signature();
  if (!app_protocol_compatible(sig.app_protocol, protocol) && !app_protocol_compatible(protocol, sig.app_protocol))
    return rule_error("conflicting protocols", fmt::format("{} is {} but the rule is {}", keyword, protocol, sig.app_protocol));
  if (sig.app_protocol.empty()) sig.app_protocol = std::string(protocol);
  sig.app_conditions.push_back({std::string(keyword), std::string(trim(value))});
  return {};
}

RuleResult<void> add_app_layer_protocol(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  auto items = split_trimmed(value, ',');
  auto name = items[0];
  if (name.starts_with('!')) name.remove_prefix(1);
  if (!is_app_protocol(name) || items.size() > 2) return invalid_value(keyword, fmt::format("unknown protocol '{}'", value));
  static constexpr auto kModes = std::to_array<std::string_view>({"direction", "final", "either", "to_server", "to_client", "original"});
  if (items.size() == 2 && !listed(kModes, items[1]))
    return invalid_value(keyword, fmt::format("unknown mode '{}' (direction, final, either, to_server, to_client, original)", items[1]));
  b.signature().app_conditions.push_back({std::string(keyword), std::string(trim(value))});
  return {};
}

RuleResult<void> add_tls_version(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  static constexpr auto kVersions = std::to_array<std::string_view>({"1.0", "1.1", "1.2", "1.3", "sslv2", "sslv3"});
  auto version = trim(value);
  if (!listed(kVersions, version) && !parse_unsigned(version, 0xffff, true))
    return invalid_value(keyword, fmt::format("unknown TLS version '{}'", value));
  return add_condition(b, keyword, value, "tls");
}

// A list of names separated by sep, each optionally negated, all from names.
template <size_t N>
bool valid_name_list(std::string_view value, char sep, const std::array<std::string_view, N>& names) {
  auto items = split_trimmed(value, sep);
  return std::all_of(items.begin(), items.end(), [&](std::string_view item) {
    if (item.starts_with('!')) item.remove_prefix(1);
    return listed(names, item);
  });
}

RuleResult<void> add_modbus(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  auto [field, rest] = split_key_value(split_trimmed(value, ',')[0]);
  if ((field != "function" && field != "access" && field != "unit") || rest.empty())
    return invalid_value(keyword, fmt::format("'{}' is not function, access or unit with a value", value));
  return add_condition(b, keyword, value, "modbus");
}

RuleResult<void> add_dnp3_func(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  static constexpr auto kFunctions = std::to_array<std::string_view>({
      "confirm", "read", "write", "select", "operate", "direct_operate", "direct_operate_nr", "immed_freeze",
      "immed_freeze_nr", "freeze_clear", "freeze_clear_nr", "freeze_at_time", "freeze_at_time_nr", "cold_restart",
      "warm_restart", "initialize_data", "initialize_appl", "start_appl", "stop_appl", "save_config", "enable_unsolicited",
      "disable_unsolicited", "assign_class", "delay_measure", "record_current_time", "open_file", "close_file",
      "delete_file", "get_file_info", "authenticate_file", "abort_file", "activate_config", "authenticate_req",
      "authenticate_err", "response", "unsolicited_response", "authenticate_resp"});
  if (!listed(kFunctions, trim(value)) && !parse_unsigned(value, 255))
    return invalid_value(keyword, fmt::format("unknown DNP3 function '{}'", value));
  return add_condition(b, keyword, value, "dnp3");
}

RuleResult<void> add_dnp3_ind(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  static constexpr auto kIndicators = std::to_array<std::string_view>({
      "device_restart", "device_trouble", "local_control", "need_time", "class_3_events", "class_2_events",
      "class_1_events", "all_stations", "reserved_1", "reserved_2", "config_corrupt", "already_executing",
      "event_buffer_overflow", "parameter_error", "object_unknown", "no_func_code_support"});
  if (!valid_name_list(value, ',', kIndicators)) return invalid_value(keyword, fmt::format("unknown indicator in '{}'", value));
  return add_condition(b, keyword, value, "dnp3");
}

RuleResult<void> add_dnp3_obj(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  auto items = split_trimmed(value, ',');
  if (items.size() != 2 || !parse_unsigned(items[0], 255) || !parse_unsigned(items[1], 255))
    return invalid_value(keyword, fmt::format("'{}' is not GROUP,VARIATION", value));
  return add_condition(b, keyword, value, "dnp3");
}

RuleResult<void> add_enip_command(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  if (!parse_unsigned(value, 65535)) return invalid_value(keyword, fmt::format("'{}' is not a command number", value));
  return add_condition(b, keyword, value, "enip");
}

RuleResult<void> add_cip_service(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  auto items = split_trimmed(value, ',');
  bool valid = items.size() <= 3 && parse_unsigned(items[0], 255) &&
               std::all_of(items.begin() + 1, items.end(), [](std::string_view i) { return parse_unsigned(i, 65535).has_value(); });
  if (!valid) return invalid_value(keyword, fmt::format("'{}' is not SERVICE[,CLASS[,ATTRIBUTE]]", value));
  return add_condition(b, keyword, value, "enip");
}

}  // namespace

void register_app_keywords(KeywordRegistry& registry) {
  registry.add({"app-layer-protocol", ValueUse::Required, add_app_layer_protocol});
  registry.add({"tls.version", ValueUse::Required, add_tls_version});
  registry.add({"modbus", ValueUse::Required, add_modbus});
  registry.add({"dnp3_func", ValueUse::Required, add_dnp3_func});
  registry.add({"dnp3.func", ValueUse::Required, add_dnp3_func});
  registry.add({"dnp3_ind", ValueUse::Required, add_dnp3_ind});
  registry.add({"dnp3.ind", ValueUse::Required, add_dnp3_ind});
  registry.add({"dnp3_obj", ValueUse::Required, add_dnp3_obj});
  registry.add({"dnp3.obj", ValueUse::Required, add_dnp3_obj});
  registry.add({"enip_command", ValueUse::Required, add_enip_command});
  registry.add({"cip_service", ValueUse::Required, add_cip_service});
}

}  // namespace rampart::detect
