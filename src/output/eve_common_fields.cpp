#include "output/eve_common_fields.hpp"

#include <utility>

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

}  // namespace rampart::output
