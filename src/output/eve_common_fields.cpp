#include "output/eve_common_fields.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <utility>

#include "detect/variable_names.hpp"

#include "output/eve_records.hpp"

namespace rampart::output {

void address_field(JsonWriter& w, std::string_view key, const IpAddress& a) {
  char buf[48];
  size_t n = a.format(buf);
  w.plain_field(key, std::string_view(buf, n));
}

void ip_version_field(JsonWriter& w, const IpAddress& a) {
  if (a.is_v4()) w.field("ip_v", uint32_t{4});
  if (a.is_v6()) w.field("ip_v", uint32_t{6});
}

void vlan_field(JsonWriter& w, const std::array<uint16_t, 3>& ids, uint8_t count) {
  if (count == 0) return;
  w.begin_array("vlan");
  for (uint8_t i = 0; i < count && i < ids.size(); ++i) w.element(uint64_t{ids[i]});
  w.end_array();
}

void tunnel_field(JsonWriter& w, const decode::TunnelInfo& t) {
  if (t.depth == 0) return;
  char scratch[4];
  w.begin_object("tunnel");
  address_field(w, "src_ip", t.src);
  if (t.src_port != 0) w.field("src_port", uint32_t{t.src_port});
  address_field(w, "dest_ip", t.dst);
  if (t.dst_port != 0) w.field("dest_port", uint32_t{t.dst_port});
  w.plain_field("proto", ip_proto_name(t.proto, scratch));
  w.field("depth", uint32_t{t.depth});
  w.end_object();
}

void app_proto_fields(JsonWriter& w, const proto::AppLayer& app) {
  if (!app.app_proto().empty()) w.plain_field("app_proto", app.app_proto());
  for (auto [dir, key] : {std::pair{proto::Direction::ToServer, "app_proto_ts"}, {proto::Direction::ToClient, "app_proto_tc"}})
    if (auto name = app.app_proto_of(dir); !name.empty()) w.plain_field(key, name);
  if (!app.app_proto_orig().empty()) w.plain_field("app_proto_orig", app.app_proto_orig());
}

namespace {

constexpr std::string_view kTrafficId = "traffic/id/", kTrafficLabel = "traffic/label/";

bool is_traffic_tag(std::string_view name) { return name.starts_with(kTrafficId) || name.starts_with(kTrafficLabel); }

// The flowbits whose names start with prefix (without it), or, with an empty
// prefix, those that are not traffic tags, as the array `key`.
void flowbit_array(JsonWriter& w, std::string_view key, const detect::FlowVars& vars, std::string_view prefix) {
  bool open = false;
  for (uint32_t id : vars.bits) {
    std::string_view name = detect::variable_name(id);
    if (prefix.empty() ? is_traffic_tag(name) : !name.starts_with(prefix)) continue;
    if (!open) w.begin_array(key);
    open = true;
    w.element(name.substr(prefix.size()));
  }
  if (open) w.end_array();
}

bool is_packet_var(const detect::AlertVar& v) { return v.scope == detect::CaptureScope::Packet; }

bool has_traffic_tags(const detect::FlowVars& vars) {
  return std::any_of(vars.bits.begin(), vars.bits.end(),
                     [](uint32_t id) { return is_traffic_tag(detect::variable_name(id)); });
}

}  // namespace

void flow_variable_fields(JsonWriter& w, const detect::FlowVars* vars, std::span<const detect::AlertVar> packet_vars) {
  const bool has_packet_vars = std::any_of(packet_vars.begin(), packet_vars.end(), is_packet_var);
  const bool has_flow_vars = vars != nullptr && (!vars->bits.empty() || !vars->ints.empty() || !vars->strings.empty() ||
                                                 !vars->entropies.empty());
  if (!has_flow_vars && !has_packet_vars) return;
  if (vars != nullptr && has_traffic_tags(*vars)) {
    w.begin_object("traffic");
    flowbit_array(w, "id", *vars, kTrafficId);
    flowbit_array(w, "label", *vars, kTrafficLabel);
    w.end_object();
  }
  w.begin_object("metadata");
  if (vars != nullptr) {
    flowbit_array(w, "flowbits", *vars, {});
    if (!vars->ints.empty()) {
      w.begin_object("flowints");
      for (const auto& [id, value] : vars->ints) w.field(detect::variable_name(id), value);
      w.end_object();
    }
    if (!vars->entropies.empty()) {
      w.begin_object("entropy");
      for (const auto& [id, value] : vars->entropies) w.raw_field(detect::variable_name(id), fmt::format("{}", value));
      w.end_object();
    }
    if (!vars->strings.empty()) {
      w.begin_array("flowvars");
      for (const auto& [id, value] : vars->strings) w.begin_object().field(detect::variable_name(id), value).end_object();
      w.end_array();
    }
  }
  if (has_packet_vars) {
    w.begin_array("pktvars");
    for (const auto& v : packet_vars)
      if (is_packet_var(v)) w.begin_object().field(v.name, v.value).end_object();
    w.end_array();
  }
  w.end_object();
}

}  // namespace rampart::output
