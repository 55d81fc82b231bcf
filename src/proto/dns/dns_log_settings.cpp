#include "proto/dns/dns_log_settings.hpp"

#include <algorithm>

#include "proto/dns/dns_types.hpp"
#include "proto/setting_list.hpp"

namespace rampart::proto::dns {

std::expected<void, std::string> set_log_version(DnsLogOptions& options, std::string_view value) {
  if (value != "2" && value != "3") return std::unexpected("'" + std::string(value) + "' is not a dns log version (2 or 3)");
  options.version = static_cast<uint8_t>(value[0] - '0');
  return {};
}

std::expected<void, std::string> set_log_rrtypes(DnsLogOptions& options, std::string_view list) {
  std::vector<uint16_t> types;
  auto added = for_each_item(list, [&](std::string_view item) -> std::expected<void, std::string> {
    auto type = rrtype_from_name(item);
    if (!type) return std::unexpected("'" + std::string(item) + "' is not a DNS record type");
    types.push_back(*type);
    return {};
  });
  if (!added) return added;
  std::ranges::sort(types);
  options.rrtypes = std::move(types);
  return {};
}

std::expected<void, std::string> set_log_formats(DnsLogOptions& options, std::string_view list) {
  bool detailed = false, grouped = false;
  auto added = for_each_item(list, [&](std::string_view item) -> std::expected<void, std::string> {
    if (item == "detailed") detailed = true;
    else if (item == "grouped") grouped = true;
    else return std::unexpected("'" + std::string(item) + "' is not a dns log format (detailed, grouped)");
    return {};
  });
  if (!added) return added;
  options.detailed = detailed;
  options.grouped = grouped;
  return {};
}

}  // namespace rampart::proto::dns
