#pragma once
// The totals of a sensor run, summed over the reader and all workers: written as
// the EVE `stats` record and as the human summary on stderr.
#include <chrono>
#include <optional>
#include <cstdint>
#include <string>
#include <vector>

#include "capture/pcap_source.hpp"
#include "decode/decoder.hpp"
#include "decode/defrag.hpp"
#include "flow/flow_table.hpp"
#include "proto/app_layer.hpp"
#include "sensor/worker.hpp"
#include "stream/tcp_session.hpp"
#include "upload/upload_stats.hpp"

namespace rampart::sensor {

struct RunStats {
  uint64_t packets_read = 0, bytes_read = 0;
  std::optional<capture::KernelStats> kernel;  // live capture only
  decode::DecodeStats decode;
  decode::DefragStats defrag;
  flow::FlowTableStats flows;
  stream::StreamStats stream;
  WorkerStats workers;
  uint64_t stream_memory_peak = 0;
  uint64_t reassembled_bytes = 0;
  proto::AppLayerStats app;
  proto::ExpectationStats expectations;  // the expected flows (FTP data channels) all workers shared
  detect::DetectorStats detect;
  std::optional<detect::RuleSetStats> rules;  // the rule set in force at the end, when rules were loaded
  detect::ThresholdTrackerStats thresholds;   // the threshold state the workers share
  uint64_t eve_records = 0;
  std::optional<upload::UploadStats> center;  // when events are uploaded to a center
  std::optional<proto::FileStoreStats> file_store;  // when files could be stored
  unsigned worker_count = 0;
  uint64_t last_packet_usec = 0;
  std::chrono::duration<double> elapsed{};
  std::vector<std::string> warnings;

  void add_worker(const Worker& w);
};

// Appends the EVE stats record (Suricata's stats layout for the counters Rampart
// keeps); without null_values, counters that are zero are left out.
void append_stats_record(std::string& out, const RunStats& stats, bool null_values = true);
// A human-readable summary of the run for stderr.
std::string format_summary(const RunStats& stats);

}  // namespace rampart::sensor
