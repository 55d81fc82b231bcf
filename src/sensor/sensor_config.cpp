#include "sensor/sensor_config.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>

#include "proto/dns/dns_log_settings.hpp"
#include "proto/file_hasher.hpp"
#include "proto/tls/tls_log_settings.hpp"
#include "proto/protocol.hpp"
#include "proto/setting_list.hpp"
#include "sensor/center_settings.hpp"

namespace rampart::sensor {

namespace {

using Handler = std::function<std::expected<void, ConfigError>(SensorConfig&, std::string_view)>;

std::unexpected<ConfigError> fail(std::string message) { return std::unexpected(ConfigError{std::move(message)}); }

std::expected<bool, ConfigError> parse_bool(std::string_view v) {
  static constexpr std::array<std::string_view, 5> kTrue{"yes", "true", "on", "1", "enabled"};
  static constexpr std::array<std::string_view, 5> kFalse{"no", "false", "off", "0", "disabled"};
  std::string lower(v);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (std::find(kTrue.begin(), kTrue.end(), lower) != kTrue.end()) return true;
  if (std::find(kFalse.begin(), kFalse.end(), lower) != kFalse.end()) return false;
  return fail(fmt::format("'{}' is not a boolean (yes/no/true/false)", v));
}

std::expected<uint32_t, ConfigError> parse_seconds(std::string_view v) {
  uint32_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || end != v.data() + v.size()) return fail(fmt::format("'{}' is not a number of seconds", v));
  return n;
}

// "4789", "[4789, 8472]" or "4789,8472" into up to 4 ports.
std::expected<std::array<uint16_t, 4>, ConfigError> parse_ports(std::string_view v) {
  std::array<uint16_t, 4> ports{};
  size_t count = 0;
  std::string text(v);
  std::replace_if(text.begin(), text.end(), [](char c) { return c == '[' || c == ']' || c == ','; }, ' ');
  size_t pos = 0;
  while ((pos = text.find_first_not_of(' ', pos)) != std::string::npos) {
    size_t end = text.find(' ', pos);
    std::string_view item = std::string_view(text).substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    uint16_t port = 0;
    auto [p, ec] = std::from_chars(item.data(), item.data() + item.size(), port);
    if (ec != std::errc() || p != item.data() + item.size() || count == ports.size())
      return fail(fmt::format("'{}' is not a list of at most {} ports", v, ports.size()));
    ports[count++] = port;
    pos = end;
  }
  return ports;
}

using EveHandler = std::function<std::expected<void, ConfigError>(EveOutputConfig&, std::string_view)>;

// Parses a value into member of section: a SensorConfig (Handler) or EveOutputConfig (EveHandler) setting.
template <typename Config, typename T, typename Parse>
std::function<std::expected<void, ConfigError>(Config&, std::string_view)> set_field(T Config::*section,
                                                                                     auto T::*member, Parse parse) {
  return [=](Config& c, std::string_view v) -> std::expected<void, ConfigError> {
    auto parsed = parse(v);
    if (!parsed) return std::unexpected(parsed.error());
    (c.*section).*member = static_cast<std::remove_reference_t<decltype((c.*section).*member)>>(*parsed);
    return {};
  };
}

// Stores a parsed value, or passes its error on.
template <typename T>
std::expected<void, ConfigError> assign(T& target, std::expected<T, ConfigError> parsed) {
  if (!parsed) return std::unexpected(parsed.error());
  target = *parsed;
  return {};
}

// One of two words: false for the first, true for the second.
std::expected<bool, ConfigError> parse_choice(std::string_view v, std::string_view first, std::string_view second) {
  if (v == first) return false;
  if (v == second) return true;
  return fail(fmt::format("'{}' is not {} or {}", v, first, second));
}

// force-hash (of the eve-log files logger and of file-store): digests added to every file's.
std::expected<void, ConfigError> add_forced_hashes(SensorConfig& c, std::string_view v) {
  auto which = proto::parse_force_hash(v);
  if (!which) return fail(which.error());
  c.app_layer.file_hashes |= *which;
  return {};
}

// outputs.N.file-store (Suricata's file-store v2; see proto/file_store.hpp).
void add_file_store_handlers(std::map<std::string, Handler, std::less<>>& h) {
  h["outputs.N.file-store.version"] = [](SensorConfig&, std::string_view v) -> std::expected<void, ConfigError> {
    if (v != "2") return fail(fmt::format("version {} is not supported (only 2)", v));
    return {};
  };
  h["outputs.N.file-store.enabled"] = set_field(&SensorConfig::file_store, &proto::FileStoreSettings::enabled, parse_bool);
  h["outputs.N.file-store.force-filestore"] =
      set_field(&SensorConfig::file_store, &proto::FileStoreSettings::force, parse_bool);
  h["outputs.N.file-store.write-fileinfo"] =
      set_field(&SensorConfig::file_store, &proto::FileStoreSettings::write_fileinfo, parse_bool);
  h["outputs.N.file-store.dir"] = [](SensorConfig& c, std::string_view v) -> std::expected<void, ConfigError> {
    if (v.empty()) return fail("an empty directory");
    c.file_store.dir = std::string(v);
    return {};
  };
  h["outputs.N.file-store.force-hash"] = add_forced_hashes;
  h["outputs.N.file-store.stream-depth"] = [](SensorConfig& c, std::string_view v) -> std::expected<void, ConfigError> {
    if (v == "no") return {};
    auto depth = parse_size(v);
    if (!depth) return std::unexpected(depth.error());
    if (*depth > UINT32_MAX) return fail(fmt::format("{} is over 4gb", v));
    c.file_store.stream_depth = static_cast<uint32_t>(*depth);
    return {};
  };
}

// The dns and tls loggers' settings apply to their records, not to the objects of alerts.
void add_dns_log_handlers(std::map<std::string, EveHandler, std::less<>>& h) {
  using Set = std::expected<void, std::string> (*)(proto::DnsLogOptions&, std::string_view);
  auto dns = [](Set set) -> EveHandler {
    return [set](EveOutputConfig& c, std::string_view v) -> std::expected<void, ConfigError> {
      if (auto r = set(c.transaction_record_options.dns, v); !r) return fail(r.error());
      return {};
    };
  };
  h["outputs.N.eve-log.types.N.dns.version"] = dns(proto::dns::set_log_version);
  h["outputs.N.eve-log.types.N.dns.types"] = dns(proto::dns::set_log_rrtypes);
  h["outputs.N.eve-log.types.N.dns.formats"] = dns(proto::dns::set_log_formats);
  h["outputs.N.eve-log.types.N.tls.custom"] = [](EveOutputConfig& c, std::string_view v) -> std::expected<void, ConfigError> {
    if (auto r = proto::tls::set_log_custom(c.transaction_record_options.tls, v); !r) return fail(r.error());
    return {};
  };
  for (auto [key, member] : {std::pair{"requests", &proto::DnsLogOptions::requests},
                              std::pair{"responses", &proto::DnsLogOptions::responses}}) {
    h[std::string("outputs.N.eve-log.types.N.dns.") + key] = [member](EveOutputConfig& c, std::string_view v)
        -> std::expected<void, ConfigError> {
      auto b = parse_bool(v);
      if (!b) return std::unexpected(b.error());
      c.transaction_record_options.dns.*member = *b;
      return {};
    };
  }
}

}  // namespace

std::expected<void, ConfigError> apply_environment(SensorConfig& config, const char* dns_version) {
  if (dns_version == nullptr) return {};
  for (auto& output : config.eve_outputs)
    if (auto r = proto::dns::set_log_version(output.transaction_record_options.dns, dns_version); !r)
      return fail("SURICATA_EVE_DNS_VERSION: " + r.error());
  return {};
}

namespace {

std::expected<decode::DefragPolicy, ConfigError> parse_defrag_policy(std::string_view v) {
  static const std::map<std::string_view, decode::DefragPolicy> kPolicies{
      {"bsd", decode::DefragPolicy::Bsd},         {"bsd-right", decode::DefragPolicy::BsdRight},
      {"linux", decode::DefragPolicy::Linux},     {"first", decode::DefragPolicy::First},
      {"last", decode::DefragPolicy::Last},       {"windows", decode::DefragPolicy::Windows},
      {"solaris", decode::DefragPolicy::Solaris}};
  auto it = kPolicies.find(v);
  if (it == kPolicies.end()) return fail(fmt::format("'{}' is not a defrag policy (bsd, bsd-right, linux, first, last, windows, solaris)", v));
  return it->second;
}

std::expected<proto::EncryptionHandling, ConfigError> parse_encryption_handling(std::string_view v) {
  if (v == "default") return proto::EncryptionHandling::Default;
  if (v == "bypass") return proto::EncryptionHandling::Bypass;
  if (v == "full") return proto::EncryptionHandling::Full;
  return fail(fmt::format("'{}' is not an encryption handling (default, bypass, full)", v));
}

// SSH's values name the default `track-only`.
std::expected<proto::EncryptionHandling, ConfigError> parse_ssh_encryption_handling(std::string_view v) {
  if (v == "track-only") return proto::EncryptionHandling::Default;
  if (v == "bypass") return proto::EncryptionHandling::Bypass;
  if (v == "full") return proto::EncryptionHandling::Full;
  return fail(fmt::format("'{}' is not an SSH encryption handling (track-only, bypass, full)", v));
}

std::expected<ChecksumMode, ConfigError> parse_checksum_mode(std::string_view v) {
  if (v == "auto") return ChecksumMode::Auto;
  auto b = parse_bool(v);
  if (!b) return fail(fmt::format("'{}' is not a checksum mode (auto, yes, no)", v));
  return *b ? ChecksumMode::All : ChecksumMode::None;
}

std::expected<stream::OverlapPolicy, ConfigError> parse_stream_policy(std::string_view v) {
  using P = stream::OverlapPolicy;
  static const std::map<std::string_view, P> kPolicies{
      {"bsd", P::Bsd},         {"first", P::First},     {"last", P::Last},       {"linux", P::Linux},
      {"old-linux", P::OldLinux}, {"windows", P::Windows}, {"vista", P::Vista},  {"windows2k3", P::Vista},
      {"solaris", P::Solaris}, {"hpux10", P::HpUx10},   {"hpux11", P::HpUx11},   {"irix", P::Irix},
      {"macos", P::MacOs}};
  auto it = kPolicies.find(v);
  if (it == kPolicies.end()) return fail(fmt::format("'{}' is not a stream overlap policy", v));
  return it->second;
}

void add_timeouts(std::map<std::string, Handler, std::less<>>& h, const std::string& proto,
                  flow::Timeouts flow::FlowConfig::*normal, flow::Timeouts flow::FlowConfig::*emergency) {
  auto set = [](flow::Timeouts flow::FlowConfig::*which, uint32_t flow::Timeouts::*field) -> Handler {
    return [=](SensorConfig& c, std::string_view v) -> std::expected<void, ConfigError> {
      auto s = parse_seconds(v);
      if (!s) return std::unexpected(s.error());
      (c.flow.*which).*field = *s;
      return {};
    };
  };
  std::string base = "flow-timeouts." + proto + ".";
  h[base + "new"] = set(normal, &flow::Timeouts::new_sec);
  h[base + "established"] = set(normal, &flow::Timeouts::established_sec);
  h[base + "closed"] = set(normal, &flow::Timeouts::closed_sec);
  h[base + "emergency-new"] = set(emergency, &flow::Timeouts::new_sec);
  h[base + "emergency-established"] = set(emergency, &flow::Timeouts::established_sec);
  h[base + "emergency-closed"] = set(emergency, &flow::Timeouts::closed_sec);
}

const std::map<std::string, Handler, std::less<>>& handlers() {
  static const auto table = [] {
    std::map<std::string, Handler, std::less<>> h;
    auto size = [](std::string_view v) { return parse_size(v); };
    h["stream.midstream"] = set_field(&SensorConfig::stream, &stream::StreamConfig::midstream, parse_bool);
    h["stream.async-oneside"] = set_field(&SensorConfig::stream, &stream::StreamConfig::async_oneside, parse_bool);
    // "auto" is inline only in an IPS run mode, and Rampart only listens.
    h["stream.inline"] = set_field(&SensorConfig::stream, &stream::StreamConfig::inline_mode,
                                   [](std::string_view v) { return v == "auto" ? std::expected<bool, ConfigError>(false) : parse_bool(v); });
    h["stream.reassembly.depth"] =
        set_field(&SensorConfig::stream, &stream::StreamConfig::reassembly_depth, size);
    h["stream.reassembly.memcap"] = [](SensorConfig& c, std::string_view v) -> std::expected<void, ConfigError> {
      auto n = parse_size(v);
      if (!n) return std::unexpected(n.error());
      c.stream_memcap = *n;
      return {};
    };
    h["stream.bypass"] = set_field(&SensorConfig::stream, &stream::StreamConfig::bypass, parse_bool);
    h["stream.policy"] = set_field(&SensorConfig::stream, &stream::StreamConfig::policy, parse_stream_policy);
    h["flow.memcap"] = set_field(&SensorConfig::flow, &flow::FlowConfig::memcap, size);
    h["flow.emergency-recovery"] =
        set_field(&SensorConfig::flow, &flow::FlowConfig::emergency_recovery_pct, parse_seconds);
    add_timeouts(h, "tcp", &flow::FlowConfig::tcp, &flow::FlowConfig::tcp_emergency);
    add_timeouts(h, "udp", &flow::FlowConfig::udp, &flow::FlowConfig::udp_emergency);
    add_timeouts(h, "icmp", &flow::FlowConfig::icmp, &flow::FlowConfig::icmp_emergency);
    add_timeouts(h, "default", &flow::FlowConfig::other, &flow::FlowConfig::other_emergency);
    h["intel.url"] = [](SensorConfig& c, std::string_view v) -> std::expected<void, ConfigError> {
      c.intel.url = std::string(v);
      return {};
    };
    h["intel.token"] = [](SensorConfig& c, std::string_view v) -> std::expected<void, ConfigError> {
      c.intel.token = std::string(v);
      return {};
    };
    h["intel.interval"] = set_field(&SensorConfig::intel, &IntelConfig::interval_seconds, parse_seconds);
    h["defrag.memcap"] = set_field(&SensorConfig::defrag, &decode::DefragConfig::memcap, size);
    h["defrag.max-frags"] = set_field(&SensorConfig::defrag, &decode::DefragConfig::max_frags_per_datagram, size);
    h["defrag.timeout"] = [](SensorConfig& c, std::string_view v) -> std::expected<void, ConfigError> {
      auto s = parse_seconds(v);
      if (!s) return std::unexpected(s.error());
      c.defrag.timeout_usec = uint64_t{*s} * 1'000'000;
      return {};
    };
    h["defrag.policy"] = set_field(&SensorConfig::defrag, &decode::DefragConfig::policy, parse_defrag_policy);
    h["decoder.vxlan.enabled"] = set_field(&SensorConfig::decoder, &decode::DecoderConfig::vxlan_enabled, parse_bool);
    h["decoder.vxlan.ports"] = set_field(&SensorConfig::decoder, &decode::DecoderConfig::vxlan_ports, parse_ports);
    h["decoder.geneve.enabled"] =
        set_field(&SensorConfig::decoder, &decode::DecoderConfig::geneve_enabled, parse_bool);
    h["decoder.geneve.ports"] = set_field(&SensorConfig::decoder, &decode::DecoderConfig::geneve_ports, parse_ports);
    h["decoder.max-layers"] = set_field(&SensorConfig::decoder, &decode::DecoderConfig::max_tunnel_depth,
                                        [](std::string_view v) { return parse_seconds(v); });
    h["decoder.recursion-level.use-for-tracking"] =
        set_field(&SensorConfig::flow, &flow::FlowConfig::tunnel_in_key, parse_bool);
    h["app-layer.protocols.http.libhtp.default-config.response-body-decompress-layer-limit"] =
        set_field(&SensorConfig::app_layer, &proto::AppLayerSettings::http_decompress_layer_limit,
                  [](std::string_view v) { return parse_seconds(v); });
    h["app-layer.protocols.http.libhtp.default-config.request-body-limit"] =
        set_field(&SensorConfig::app_layer, &proto::AppLayerSettings::http_request_body_limit, size);
    h["app-layer.protocols.http.libhtp.default-config.response-body-limit"] =
        set_field(&SensorConfig::app_layer, &proto::AppLayerSettings::http_response_body_limit, size);
    h["app-layer.protocols.ftp.max-line-length"] =
        set_field(&SensorConfig::app_layer, &proto::AppLayerSettings::ftp_max_line, [](std::string_view v) {
          auto n = parse_size(v);
          if (n && *n == 0) return std::expected<uint64_t, ConfigError>(fail("a line length must be above 0"));
          return n;
        });
    h["app-layer.protocols.smtp.mime.extract-urls-schemes"] = [](SensorConfig& c, std::string_view v)
        -> std::expected<void, ConfigError> {
      auto schemes = proto::mime::parse_url_schemes(v);
      if (!schemes) return fail(schemes.error());
      c.app_layer.smtp_urls.schemes = std::move(*schemes);
      return {};
    };
    h["app-layer.protocols.smtp.mime.log-url-scheme"] = [](SensorConfig& c, std::string_view v)
        -> std::expected<void, ConfigError> {
      auto on = parse_bool(v);
      if (!on) return std::unexpected(on.error());
      c.app_layer.smtp_urls.log_scheme = *on;
      return {};
    };
    h["app-layer.protocols.tls.encryption-handling"] = set_field(
        &SensorConfig::app_layer, &proto::AppLayerSettings::tls_encryption_handling, parse_encryption_handling);
    h["app-layer.protocols.ssh.encryption-handling"] = set_field(
        &SensorConfig::app_layer, &proto::AppLayerSettings::ssh_encryption_handling, parse_ssh_encryption_handling);
    h["app-layer.protocols.smtp.mime.body-md5"] =
        set_field(&SensorConfig::app_layer, &proto::AppLayerSettings::smtp_body_md5, parse_bool);
    h["vlan.use-for-tracking"] = set_field(&SensorConfig::flow, &flow::FlowConfig::vlan_in_key, parse_bool);
    h["pcap-file.checksum-checks"] = [](SensorConfig& c, std::string_view v) -> std::expected<void, ConfigError> {
      auto mode = parse_checksum_mode(v);
      if (!mode) return std::unexpected(mode.error());
      c.checksum_mode = *mode;
      return {};
    };
    h["packet-alert-max"] = [](SensorConfig& c, std::string_view v) -> std::expected<void, ConfigError> {
      auto n = parse_size(v);
      if (!n) return std::unexpected(n.error());
      if (*n == 0 || *n > 65535) return fail(fmt::format("packet-alert-max {} is not between 1 and 65535", v));
      c.packet_alert_max = *n;
      return {};
    };
    h["threshold-file"] = [](SensorConfig& c, std::string_view v) -> std::expected<void, ConfigError> {
      c.threshold_file = std::string(v);
      return {};
    };
    h["detect.sgh-mpm-caching"] = [](SensorConfig& c, std::string_view v) -> std::expected<void, ConfigError> {
      auto on = parse_bool(v);
      if (!on) return std::unexpected(on.error());
      c.mpm_caching = *on;
      return {};
    };
    h["detect.sgh-mpm-caching-path"] = [](SensorConfig& c, std::string_view v) -> std::expected<void, ConfigError> {
      c.mpm_caching_path = std::string(v);
      return {};
    };
    h["unix-command.enabled"] = [](SensorConfig& c, std::string_view v) -> std::expected<void, ConfigError> {
      if (v == "auto") {
        c.unix_command.enabled = true;
        return {};
      }
      auto on = parse_bool(v);
      if (!on) return std::unexpected(on.error());
      c.unix_command.enabled = *on;
      return {};
    };
    h["unix-command.filename"] = [](SensorConfig& c, std::string_view v) -> std::expected<void, ConfigError> {
      c.unix_command.filename = std::string(v);
      return {};
    };
    h["outputs.N.eve-log.types.N.files.force-hash"] = add_forced_hashes;
    add_file_store_handlers(h);
    return h;
  }();
  return table;
}

// The settings of one eve-log output (outputs.K.eve-log.*).
const std::map<std::string, EveHandler, std::less<>>& eve_handlers() {
  static const auto table = [] {
    std::map<std::string, EveHandler, std::less<>> h;
    using output::AlertPayloadOptions;
    h["outputs.N.eve-log.enabled"] = set_field(&EveOutputConfig::eve, &EveConfig::enabled, parse_bool);
    h["outputs.N.eve-log.filename"] = [](EveOutputConfig& c, std::string_view v) -> std::expected<void, ConfigError> {
      c.eve.filename = std::string(v);
      return {};
    };
    h["outputs.N.eve-log.community-id"] = set_field(&EveOutputConfig::eve, &EveConfig::community_id, parse_bool);
    h["outputs.N.eve-log.community-id-seed"] = [](EveOutputConfig& c, std::string_view v) -> std::expected<void, ConfigError> {
      auto n = parse_size(v);
      if (!n) return std::unexpected(n.error());
      if (*n > 65535) return std::unexpected(ConfigError{fmt::format("community-id-seed {} is over 65535", *n)});
      c.eve.community_id_seed = static_cast<uint16_t>(*n);
      return {};
    };
    h["outputs.N.eve-log.types.N.alert.payload"] =
        set_field(&EveOutputConfig::alert_payload, &AlertPayloadOptions::payload, parse_bool);
    h["outputs.N.eve-log.types.N.alert.payload-printable"] =
        set_field(&EveOutputConfig::alert_payload, &AlertPayloadOptions::payload_printable, parse_bool);
    h["outputs.N.eve-log.types.N.alert.payload-length"] =
        set_field(&EveOutputConfig::alert_payload, &AlertPayloadOptions::payload_length, parse_bool);
    h["outputs.N.eve-log.types.N.alert.packet"] =
        set_field(&EveOutputConfig::alert_payload, &AlertPayloadOptions::packet, parse_bool);
    h["outputs.N.eve-log.types.N.alert.tagged-packets"] =
        set_field(&EveOutputConfig::eve, &EveConfig::tagged_packets, parse_bool);
    h["outputs.N.eve-log.types.N.alert.xff.enabled"] = [](EveOutputConfig& c, std::string_view v) {
      return assign(c.alert_payload.xff.enabled, parse_bool(v));
    };
    h["outputs.N.eve-log.types.N.alert.xff.mode"] = [](EveOutputConfig& c, std::string_view v) {
      return assign(c.alert_payload.xff.overwrite, parse_choice(v, "extra-data", "overwrite"));
    };
    h["outputs.N.eve-log.types.N.alert.xff.deployment"] = [](EveOutputConfig& c, std::string_view v) {
      return assign(c.alert_payload.xff.reverse, parse_choice(v, "forward", "reverse"));
    };
    h["outputs.N.eve-log.types.N.alert.xff.header"] = [](EveOutputConfig& c, std::string_view v) -> std::expected<void, ConfigError> {
      c.alert_payload.xff.header = std::string(v);
      return {};
    };
    h["outputs.N.eve-log.types.N.alert.http-body"] =
        set_field(&EveOutputConfig::alert_record_options, &proto::RecordOptions::body, parse_bool);
    h["outputs.N.eve-log.types.N.alert.http-body-printable"] =
        set_field(&EveOutputConfig::alert_record_options, &proto::RecordOptions::body_printable, parse_bool);
    h["outputs.N.eve-log.types.N.http.dump-all-headers"] = [](EveOutputConfig& c, std::string_view v) -> std::expected<void, ConfigError> {
      if (v != "both" && v != "request" && v != "response" && v != "none")
        return fail(fmt::format("'{}' is not both, request, response or none", v));
      for (auto* record : {&c.transaction_record_options, &c.alert_record_options}) {
        record->request_headers = v == "both" || v == "request";
        record->response_headers = v == "both" || v == "response";
      }
      return {};
    };
    add_dns_log_handlers(h);
    h["outputs.N.eve-log.types.N.files.force-magic"] =
        set_field(&EveOutputConfig::transaction_record_options, &proto::RecordOptions::file_magic, parse_bool);
    h["outputs.N.eve-log.types.N.stats.null-values"] =
        set_field(&EveOutputConfig::eve, &EveConfig::stats_null_values, parse_bool);
    h["outputs.N.eve-log.types.N.anomaly.enabled"] = set_field(&EveOutputConfig::eve, &EveConfig::anomaly, parse_bool);
    h["outputs.N.eve-log.types.N.anomaly.types.decode"] =
        set_field(&EveOutputConfig::eve, &EveConfig::anomaly_decode, parse_bool);
    h["outputs.N.eve-log.types.N.anomaly.types.stream"] =
        set_field(&EveOutputConfig::eve, &EveConfig::anomaly_stream, parse_bool);
    h["outputs.N.eve-log.types.N.anomaly.types.applayer"] =
        set_field(&EveOutputConfig::eve, &EveConfig::anomaly_applayer, parse_bool);
    h["outputs.N.eve-log.types.N.anomaly.packethdr"] =
        set_field(&EveOutputConfig::eve, &EveConfig::anomaly_packet_header, parse_bool);
    h["outputs.N.eve-log.types.N.smtp.md5"] = [](EveOutputConfig& c, std::string_view v) -> std::expected<void, ConfigError> {
      proto::SmtpLogOptions md5;
      auto listed = proto::for_each_item(v, [&](std::string_view part) -> std::expected<void, std::string> {
        if (part == "body") md5.body_md5 = true;
        else if (part == "subject") md5.subject_md5 = true;
        else return std::unexpected(fmt::format("'{}' is not body or subject", part));
        return {};
      });
      if (!listed) return fail(listed.error());
      for (auto* record : {&c.transaction_record_options, &c.alert_record_options}) record->smtp = md5;
      return {};
    };
    return h;
  }();
  return table;
}

// app-layer.protocols.<name>.enabled for a protocol the sensor parses: "no"
// turns its detection and parsing off ("detection-only" keeps both on).
std::optional<Handler> protocol_switch(std::string_view key) {
  constexpr std::string_view kPrefix = "app-layer.protocols.", kSuffix = ".enabled";
  if (!key.starts_with(kPrefix) || !key.ends_with(kSuffix) || key.size() <= kPrefix.size() + kSuffix.size())
    return std::nullopt;
  std::string_view name = key.substr(kPrefix.size(), key.size() - kPrefix.size() - kSuffix.size());
  const auto& protocols = proto::registered_protocols();
  for (size_t i = 0; i < protocols.size(); ++i) {
    if (protocols[i].name != name) continue;
    return [i](SensorConfig& c, std::string_view v) -> std::expected<void, ConfigError> {
      bool on = v == "detection-only";
      if (!on) {
        auto b = parse_bool(v);
        if (!b) return std::unexpected(b.error());
        on = *b;
      }
      c.app_protocols = on ? c.app_protocols | (1ULL << i) : c.app_protocols & ~(1ULL << i);
      return {};
    };
  }
  return std::nullopt;
}

// app-layer.protocols.<name>[.tcp|.udp].detection-ports.dp for a protocol the sensor
// parses (both transports share one port list).
std::optional<Handler> detection_ports_setting(std::string_view key) {
  constexpr std::string_view kPrefix = "app-layer.protocols.", kSuffix = ".detection-ports.dp";
  if (!key.starts_with(kPrefix) || !key.ends_with(kSuffix) || key.size() <= kPrefix.size() + kSuffix.size())
    return std::nullopt;
  std::string_view name = key.substr(kPrefix.size(), key.size() - kPrefix.size() - kSuffix.size());
  if (name.ends_with(".tcp") || name.ends_with(".udp")) name.remove_suffix(4);
  const auto& protocols = proto::registered_protocols();
  if (std::none_of(protocols.begin(), protocols.end(), [&](const proto::Protocol& p) { return p.name == name; }))
    return std::nullopt;
  return [protocol = std::string(name)](SensorConfig& c, std::string_view v) -> std::expected<void, ConfigError> {
    auto ports = parse_ports(v);
    if (!ports) return std::unexpected(ports.error());
    auto& list = c.app_layer.detection_ports;
    auto it = std::find_if(list.begin(), list.end(), [&](const proto::DetectionPorts& d) { return d.protocol == protocol; });
    if (it == list.end()) it = list.insert(list.end(), {protocol, {}});
    it->ports = *ports;
    return {};
  };
}

// Top-level sections of Suricata's configuration. A key under one of them that
// Rampart does not implement is accepted (and reported), not rejected.
bool is_suricata_section(std::string_view key) {
  static constexpr std::array<std::string_view, 44> kSections{
      "action-order", "af-packet", "af-xdp", "app-layer", "asn1-max-frames", "capture", "classification-file",
      "coredump", "datasets", "decoder", "default-log-dir", "default-rule-path", "defrag", "detect",
      "engine-analysis", "exception-policy", "flow", "flow-timeouts", "host", "host-mode", "host-os-policy",
      "ignore-unknown-requirements", "ippair", "legacy", "logging", "magic-file", "max-pending-packets",
      "mpm-algo", "nfq", "outputs", "packet-alert-max", "pcap", "pcap-file", "plugins", "profiling",
      "reference-config-file", "rule-files", "runmode", "security", "spm-algo", "stats", "stream",
      "threading", "threshold-file"};
  std::string_view section = key.substr(0, key.find('.'));
  return std::find(kSections.begin(), kSections.end(), section) != kSections.end() || section == "vars" ||
         section == "vlan" || section == "unix-command" || section == "livedev" || section == "firewall";
}

// "outputs.1.eve-log.types.2.anomaly" -> "outputs.N.eve-log.types.N.anomaly".
std::string normalize_indices(std::string_view key) {
  std::string out;
  size_t pos = 0;
  while (pos <= key.size()) {
    size_t end = key.find('.', pos);
    std::string_view part = key.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    bool numeric = !part.empty() && std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!out.empty()) out += '.';
    out += numeric ? std::string_view("N") : part;
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return out;
}

// "outputs.3.eve-log.types.0.dns.version" -> "outputs.3".
std::string output_key(std::string_view key) {
  size_t first = key.find('.');
  return std::string(key.substr(0, first == std::string_view::npos ? first : key.find('.', first + 1)));
}

// The eve-log output configured by the entry `key` ("outputs.K"): the one bound to
// it, else the default output while nothing is bound to that, else a new output.
EveOutputConfig& eve_output(SensorConfig& config, const std::string& key) {
  auto& outputs = config.eve_outputs;
  auto it = std::find_if(outputs.begin(), outputs.end(), [&](const EveOutputConfig& o) {
    return std::find(o.keys.begin(), o.keys.end(), key) != o.keys.end();
  });
  if (it != outputs.end()) return *it;
  EveOutputConfig& out = outputs.size() == 1 && outputs.front().keys.empty() ? outputs.front() : outputs.emplace_back();
  out.keys.push_back(key);
  return out;
}

// Binds entry `key` to the file's eve-log number `ordinal` (see EveOutputConfig::keys).
void bind_eve_output(SensorConfig& config, const std::string& key, size_t ordinal) {
  auto& outputs = config.eve_outputs;
  for (auto& o : outputs) std::erase(o.keys, key);
  if (outputs.size() <= ordinal) outputs.resize(ordinal + 1);
  outputs[ordinal].keys.push_back(key);
}

std::optional<Handler> find_handler(std::string_view key) {
  std::string normalized = normalize_indices(key);
  auto it = handlers().find(normalized);
  if (it != handlers().end()) return it->second;
  if (auto eve = eve_handlers().find(normalized); eve != eve_handlers().end())
    return [set = eve->second, output = output_key(key)](SensorConfig& c, std::string_view v) {
      return set(eve_output(c, output), v);
    };
  if (is_center_setting(key))
    return [k = std::string(key)](SensorConfig& c, std::string_view v) { return apply_center_setting(c.center, k, v); };
  if (auto handler = detection_ports_setting(key)) return handler;
  return protocol_switch(key);
}

}  // namespace

std::expected<uint64_t, ConfigError> parse_size(std::string_view text) {
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc()) return fail(fmt::format("'{}' is not a size (e.g. 64mb, 1gb, 4096)", text));
  std::string unit(end, text.data() + text.size());
  std::transform(unit.begin(), unit.end(), unit.begin(), [](unsigned char c) { return std::tolower(c); });
  uint64_t scale = unit.empty() || unit == "b" ? 1
                   : unit == "kb" || unit == "kib" ? 1ULL << 10
                   : unit == "mb" || unit == "mib" ? 1ULL << 20
                   : unit == "gb" || unit == "gib" ? 1ULL << 30
                                                   : 0;
  if (scale == 0) return fail(fmt::format("'{}' has an unknown size unit (b, kb, mb, gb)", text));
  return n * scale;
}

std::expected<void, ConfigError> apply_setting(SensorConfig& config, std::string_view key, std::string_view value,
                                               ConfigNotes& notes) {
  if (auto handler = find_handler(key)) {
    auto applied = (*handler)(config, value);
    if (!applied) return fail(fmt::format("setting {}: {}", key, applied.error().message));
    return {};
  }
  if (is_suricata_section(key)) {
    notes.not_applied.push_back(std::string(key));
    return {};
  }
  return fail(fmt::format("unknown setting '{}': not a configuration key Rampart or Suricata knows", key));
}

std::expected<void, ConfigError> apply_assignment(SensorConfig& config, std::string_view assignment,
                                                  ConfigNotes& notes) {
  size_t eq = assignment.find('=');
  if (eq == std::string_view::npos || eq == 0)
    return fail(fmt::format("--set '{}': expected key=value", assignment));
  return apply_setting(config, assignment.substr(0, eq), assignment.substr(eq + 1), notes);
}

namespace {

struct YamlLoader {
  SensorConfig& config;
  ConfigNotes& notes;
  std::string file;
  int depth = 0;

  std::expected<void, ConfigError> load(const std::string& path) {
    if (++depth > 8) return fail(fmt::format("{}: include nesting deeper than 8", path));
    YAML::Node root;
    try {
      root = YAML::LoadFile(path);
    } catch (const YAML::Exception& e) {
      return fail(fmt::format("{}:{}:{}: {}", path, e.mark.line + 1, e.mark.column + 1, e.msg));
    }
    std::string saved = file;
    file = path;
    auto result = walk(root, "");
    file = saved;
    --depth;
    return result;
  }

  std::expected<void, ConfigError> include(const YAML::Node& node) {
    auto dir = std::filesystem::path(file).parent_path();
    auto one = [&](const YAML::Node& n) -> std::expected<void, ConfigError> {
      auto target = std::filesystem::path(n.as<std::string>());
      return load((target.is_absolute() ? target : dir / target).string());
    };
    if (node.IsSequence()) {
      for (const auto& n : node)
        if (auto r = one(n); !r) return r;
      return {};
    }
    return one(node);
  }

  std::expected<void, ConfigError> walk(const YAML::Node& node, const std::string& prefix) {
    if (node.IsMap()) {
      for (const auto& kv : node) {
        auto key = kv.first.as<std::string>();
        if (prefix.empty() && key == "include") {
          if (auto r = include(kv.second); !r) return r;
          continue;
        }
        if (auto r = walk(kv.second, prefix.empty() ? key : prefix + "." + key); !r) return r;
      }
      return {};
    }
    if (node.IsSequence()) return walk_sequence(node, prefix);
    if (!node.IsScalar()) return {};
    return apply_scalar(prefix, node);
  }

  std::expected<void, ConfigError> walk_sequence(const YAML::Node& node, const std::string& prefix) {
    if (find_handler(prefix)) return apply_scalar(prefix, node);  // e.g. a port list
    if (prefix == "outputs") bind_eve_outputs(node);
    EveConfig* eve_types = nullptr;
    if (normalize_indices(prefix) == "outputs.N.eve-log.types") {
      // An explicit types list says exactly which records to write, with
      // Suricata's defaults for anomaly sub-types (decode and stream off).
      eve_types = &eve_output(config, output_key(prefix)).eve;
      eve_types->flow = eve_types->stats = eve_types->anomaly = eve_types->alert = false;
      eve_types->anomaly_decode = eve_types->anomaly_stream = false;
      eve_types->anomaly_applayer = true;
      eve_types->all_transaction_types = false;
      eve_types->transaction_types.clear();
    }
    size_t i = 0;
    for (const auto& item : node) {
      std::string item_prefix = prefix + "." + std::to_string(i++);
      if (eve_types != nullptr) enable_eve_type(*eve_types, item);
      if (!item.IsScalar())
        if (auto r = walk(item, item_prefix); !r) return r;
    }
    return {};
  }

  // The file's eve-log entries, in order, are the configuration's eve-log outputs.
  void bind_eve_outputs(const YAML::Node& outputs) {
    size_t index = 0, ordinal = 0;
    for (const auto& item : outputs) {
      if (item.IsMap() && item["eve-log"]) bind_eve_output(config, "outputs." + std::to_string(index), ordinal++);
      ++index;
    }
  }

  // An entry of eve-log's types list ("- flow" or "- anomaly: {...}") enables that
  // record type. Suricata's `files` logger writes fileinfo records, its `ftp`
  // logger ftp and ftp_data records.
  static void enable_eve_type(EveConfig& eve, const YAML::Node& item) {
    std::string type;
    if (item.IsScalar()) type = item.as<std::string>();
    else if (item.IsMap() && item.size() > 0) type = item.begin()->first.as<std::string>();
    if (type == "flow") eve.flow = true;
    else if (type == "netflow") eve.netflow = true;
    else if (type == "alert") eve.alert = true;
    else if (type == "stats") eve.stats = true;
    else if (type == "anomaly") eve.anomaly = true;
    else if (type == "frame") eve.frame = true;
    else if (type == "files") eve.transaction_types.emplace_back("fileinfo");
    else if (type == "ftp") eve.transaction_types.insert(eve.transaction_types.end(), {"ftp", "ftp_data"});
    else if (!type.empty()) eve.transaction_types.push_back(type);
  }

  std::expected<void, ConfigError> apply_scalar(const std::string& key, const YAML::Node& node) {
    auto handler = find_handler(key);
    if (!handler) return {};
    std::string value;
    if (node.IsSequence()) {
      for (const auto& item : node) value += item.as<std::string>() + ",";
    } else {
      value = node.as<std::string>();
    }
    if (auto r = (*handler)(config, value); !r)
      return fail(fmt::format("{}:{}: {}: {}", file, node.Mark().line + 1, key, r.error().message));
    return {};
  }
};

}  // namespace

std::expected<void, ConfigError> load_config_file(SensorConfig& config, const std::string& path, ConfigNotes& notes) {
  YamlLoader loader{config, notes, path};
  return loader.load(path);
}

}  // namespace rampart::sensor
