#pragma once
// Everything a sensor run is configured with, and the two ways to change it:
// Suricata-style dotted keys (`--set stream.midstream=true`) and a YAML file
// (`-c rampart.yaml` or a partial suricata.yaml, `include:` supported). Keys that
// Rampart implements are applied; Suricata keys Rampart does not implement yet are
// accepted and reported as not applied; anything else is an error.
#include <algorithm>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "decode/decoder.hpp"
#include "decode/defrag.hpp"
#include "flow/flow_table.hpp"
#include "output/alert_payload_options.hpp"
#include "proto/app_layer_settings.hpp"
#include "proto/record_options.hpp"
#include "stream/tcp_session.hpp"
#include "upload/center_upload_config.hpp"

namespace rampart::sensor {

// intel: {url, token, interval}: the center whose indicator feed the sensor polls.
struct IntelConfig {
  std::string url;
  std::string token;
  uint32_t interval_seconds = 300;
};

struct EveConfig {
  bool enabled = true;
  std::string filename = "eve.json";
  bool flow = true;
  bool netflow = false;  // one record per flow direction (Suricata's netflow type)
  bool frame = false;    // one record per application-layer frame (Suricata's frame type)
  bool alert = true;
  bool tagged_packets = true;  // alert.tagged-packets: the packets a tag: keyword covers become "packet" records
  bool stats = true;
  bool stats_null_values = true;  // write zero counters (Suricata's stats null-values)
  bool anomaly = true;
  bool anomaly_decode = true;  // Rampart logs decoder anomalies by default (Suricata: off)
  bool anomaly_stream = true;
  bool anomaly_applayer = true;
  bool anomaly_packet_header = false;  // anomaly.packethdr: the frame's first 32 bytes as "packet"
  bool community_id = false;           // records of a flow carry its Community ID
  uint16_t community_id_seed = 0;
  // Transaction and file records (http, dns, fileinfo, ...): all of them without a
  // types list, else the event types it names.
  bool all_transaction_types = true;
  std::vector<std::string> transaction_types;

  bool writes_transaction(std::string_view event_type) const {
    return all_transaction_types ||
           std::find(transaction_types.begin(), transaction_types.end(), event_type) != transaction_types.end();
  }
};

// One eve-log output of Suricata's `outputs:` list: its file, the records it writes
// and their optional parts. Each output renders its own records.
struct EveOutputConfig {
  // The configuration entries that set it ("outputs.K"): a file's first eve-log and
  // the first eve-log of a file it includes are the same output, as are the second ones.
  std::vector<std::string> keys;
  EveConfig eve;
  output::AlertPayloadOptions alert_payload;  // types.alert.{payload,packet,xff,...}
  proto::RecordOptions transaction_record_options;  // transaction records: types.http.dump-all-headers, types.dns.*
  proto::RecordOptions alert_record_options;        // the same, and types.alert.http-body{,-printable}
};

// unix-command: the control socket (sense --unix-socket overrides it).
struct UnixCommandConfig {
  bool enabled = false;
  std::string filename = "rampart-command.socket";  // relative: in the log directory
};

// pcap-file.checksum-checks / -k: packets with a bad IPv4 or TCP checksum are
// kept out of stream reassembly (as a host would drop them). Auto samples the
// first packets and turns checks off when many are bad (checksum offloading).
enum class ChecksumMode : uint8_t { Auto, All, None };

struct SensorConfig {
  decode::DecoderConfig decoder;
  decode::DefragConfig defrag;
  flow::FlowConfig flow;
  stream::StreamConfig stream;
  size_t stream_memcap = 256ULL << 20;  // stream.reassembly.memcap
  // The eve-log outputs; the first is the one a configuration's first eve-log sets
  // and the one uploaded to a center.
  std::vector<EveOutputConfig> eve_outputs = std::vector<EveOutputConfig>(1);
  ChecksumMode checksum_mode = ChecksumMode::Auto;
  // Bit i enables proto::registered_protocols()[i] (app-layer.protocols.X.enabled).
  uint64_t app_protocols = ~0ULL;
  proto::AppLayerSettings app_layer;  // app-layer.protocols.X.* parser settings
  proto::FileStoreSettings file_store;  // outputs.N.file-store
  unsigned workers = 0;  // 0: one per core
  upload::CenterUploadConfig center;  // center.* (see center_settings.hpp)
  IntelConfig intel;
  std::string threshold_file;  // threshold-file: Suricata's threshold.config ("" none)
  size_t packet_alert_max = 15;  // packet-alert-max: alerts kept per packet or transaction
  bool mpm_caching = true;       // detect.sgh-mpm-caching: keep compiled Vectorscan databases on disk
  std::string mpm_caching_path;  // detect.sgh-mpm-caching-path ("" : DATA_DIR/cache/sgh with --data-dir, else none)
  UnixCommandConfig unix_command;
};

struct ConfigError {
  std::string message;
};

// What applying settings reported without failing (keys accepted but not applied).
struct ConfigNotes {
  std::vector<std::string> not_applied;
};

// Applies one `key=value` setting. Unknown keys are an error.
std::expected<void, ConfigError> apply_setting(SensorConfig& config, std::string_view key, std::string_view value,
                                               ConfigNotes& notes);

// Parses "key=value" and applies it.
std::expected<void, ConfigError> apply_assignment(SensorConfig& config, std::string_view assignment,
                                                  ConfigNotes& notes);

// Loads a YAML configuration file. Keys Rampart implements are applied; other keys
// are ignored, since a suricata.yaml carries many that do not concern a pcap run.
std::expected<void, ConfigError> load_config_file(SensorConfig& config, const std::string& path, ConfigNotes& notes);

// Settings from the environment, applied after the configuration as Suricata
// does: SURICATA_EVE_DNS_VERSION (dns_version, nullptr when unset).
std::expected<void, ConfigError> apply_environment(SensorConfig& config, const char* dns_version);

// Parses Suricata sizes: "64mb", "1gb", "4096", "512kb".
std::expected<uint64_t, ConfigError> parse_size(std::string_view text);

}  // namespace rampart::sensor
