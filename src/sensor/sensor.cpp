#include "sensor/sensor.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <time.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <span>
#include <thread>
#include <vector>

#include "capture/pcap_source.hpp"
#include "decode/decoder.hpp"
#include "decode/defrag.hpp"
#include "detect/file_rules.hpp"
#include "flow/flow.hpp"
#include "output/eve_file.hpp"
#include "proto/file_hasher.hpp"
#include "proto/file_store.hpp"
#include "sensor/packet_batch.hpp"
#include "sensor/worker.hpp"
#include "upload/center_uploader.hpp"

namespace rampart::sensor {

namespace {

constexpr uint64_t kDefragExpireIntervalUsec = 1'000'000;
constexpr uint64_t kLiveTickUsec = 100'000;
constexpr uint64_t kProgressEveryPackets = 65536;
// Batches waiting per worker: enough to ride out a slow packet, and few, as a reader
// ahead of its workers fills them all (16 deep with 1 MiB arenas: 16 MB more peak RSS
// with 2 workers over the bench capture than 4 deep with 256 KiB).
constexpr size_t kQueueDepth = 4;
constexpr uint64_t kChecksumSample = 1000;

// Where decoded packets go: straight into the single worker, or batched to the
// worker thread that owns the packet's flow.
class Dispatcher {
 public:
  virtual ~Dispatcher() = default;
  virtual void dispatch(const decode::Packet& pkt) = 0;
  // Hands over what is waiting and moves the workers' clocks (live capture).
  virtual void tick(uint64_t now_usec) = 0;
  virtual void finish() = 0;
};

class InlineDispatcher final : public Dispatcher {
 public:
  explicit InlineDispatcher(Worker& worker) : worker_(worker) {}
  void dispatch(const decode::Packet& pkt) override { worker_.process(pkt); }
  void tick(uint64_t now_usec) override { worker_.tick(now_usec); }
  void finish() override { worker_.finish(); }

 private:
  Worker& worker_;
};

class ThreadedDispatcher final : public Dispatcher {
 public:
  ThreadedDispatcher(std::vector<std::unique_ptr<Worker>>& workers, flow::KeyScope scope)
      : workers_(workers), key_scope_(scope) {
    for (size_t i = 0; i < workers.size(); ++i) {
      lanes_.push_back(std::make_unique<Lane>());
      lanes_.back()->filling = std::make_unique<PacketBatch>();
    }
    for (size_t i = 0; i < workers.size(); ++i)
      threads_.emplace_back([this, i] { run_worker(i); });
  }

  ~ThreadedDispatcher() override {
    for (auto& t : threads_)
      if (t.joinable()) t.join();
  }

  void dispatch(const decode::Packet& pkt) override {
    Lane& lane = *lanes_[lane_of(pkt)];
    if (!lane.filling->empty() && !lane.filling->has_room_for(pkt)) send(lane);
    lane.filling->add(pkt);
    if (lane.filling->packets().size() >= PacketBatch::kMaxPackets) send(lane);
  }

  void tick(uint64_t now_usec) override {
    for (auto& lane : lanes_) {
      lane->filling->tick_usec = now_usec;
      send(*lane);
    }
  }

  void finish() override {
    for (auto& lane : lanes_) {
      if (!lane->filling->empty()) send(*lane);
      lane->to_worker.close();
    }
    for (auto& t : threads_) t.join();
  }

 private:
  struct Lane {
    BatchQueue to_worker{kQueueDepth};
    BatchQueue recycled{kQueueDepth + 2};
    std::unique_ptr<PacketBatch> filling;
  };

  size_t lane_of(const decode::Packet& pkt) const {
    // Packets without a flow (no IP, unreassembled fragments) still go to one
    // place per address pair so their order is kept.
    // An ICMP error goes where the flow it quotes is, as it may belong to it (FlowTable::lookup).
    const auto key = pkt.icmp_quoted.present ? *flow::make_quoted_flow_key(pkt, key_scope_)
                                             : flow::make_flow_key(pkt, key_scope_);
    return flow::hash_flow_key(key) % lanes_.size();
  }

  void send(Lane& lane) {
    lane.to_worker.push(std::move(lane.filling));
    lane.filling = lane.recycled.try_pop();
    if (!lane.filling) lane.filling = std::make_unique<PacketBatch>();
  }

  void run_worker(size_t i) {
    Lane& lane = *lanes_[i];
    while (auto batch = lane.to_worker.pop()) {
      for (const auto& pkt : batch->packets()) workers_[i]->process(pkt);
      if (batch->tick_usec != 0) workers_[i]->tick(batch->tick_usec);
      batch->clear();
      // Never blocks: a lane has at most kQueueDepth + 2 batches in existence.
      lane.recycled.push(std::move(batch));
    }
    workers_[i]->finish();
  }

  std::vector<std::unique_ptr<Worker>>& workers_;
  flow::KeyScope key_scope_;
  std::vector<std::unique_ptr<Lane>> lanes_;
  std::vector<std::thread> threads_;
};

struct Reader {
  const SensorConfig& config;
  const RunOptions& options;
  capture::PcapSource& source;
  Dispatcher& dispatcher;
  decode::Decoder decoder{decoder_config(config)};
  decode::Defragmenter defrag{config.defrag};
  std::array<uint64_t, decode::kDecodeEventCount> defrag_events{};
  uint64_t next_defrag_expire_usec = 0;
  uint64_t next_tick_usec = 0;
  const bool live = source.live();
  uint64_t checksum_sampled = 0, checksum_bad = 0;
  bool ignore_checksums = false;
  uint64_t last_usec = 0;

  void run() {
    uint64_t count = 0;
    while (options.stop == nullptr || !options.stop->load()) {
      const capture::RawPacket* raw = source.next();
      if (raw == nullptr) {
        if (source.exhausted()) break;
        maybe_tick();
        continue;  // a live read timed out: look at the stop flag again
      }
      decode::Packet pkt;
      pkt.ts_usec = raw->ts_usec;
      pkt.pcap_cnt = raw->number;
      pkt.frame = raw->data;
      pkt.wire_len = raw->wire_len;
      pkt.link = static_cast<decode::LinkType>(raw->linktype);
      last_usec = std::max(last_usec, raw->ts_usec);
      decoder.decode(pkt);
      apply_checksum_mode(pkt);
      if (pkt.is_fragment) {
        reassemble(pkt);
      } else {
        dispatcher.dispatch(pkt);
      }
      expire_fragments(pkt.ts_usec);
      if (live) maybe_tick();
      if (options.progress && ++count % kProgressEveryPackets == 0)
        options.progress(source.file_bytes_consumed(), source.total_file_bytes());
    }
    if (options.progress) options.progress(source.total_file_bytes(), source.total_file_bytes());
  }

  // The fragment goes out first, carrying any overlap events the defragmenter
  // raised; then the datagram it completed, if any.
  void reassemble(decode::Packet& fragment) {
    size_t events_before = fragment.events.size();
    auto datagram = defrag.add(fragment);
    for (size_t i = events_before; i < fragment.events.size(); ++i)
      ++defrag_events[static_cast<size_t>(fragment.events[i])];
    dispatcher.dispatch(fragment);
    if (!datagram) return;
    decode::Packet whole = fragment;
    decoder.decode_reassembled(whole, *datagram);
    dispatcher.dispatch(whole);
  }

  // In auto mode the first kChecksumSample packets of a capture file decide: when
  // more than a tenth carry bad checksums the capture was taken with offloading,
  // and checks stop. Live, the kernel has already checked what it received, and
  // what the host sends (all of loopback) carries checksums left to the NIC, so
  // auto trusts the kernel, as Suricata's checksum-checks: kernel does.
  void apply_checksum_mode(decode::Packet& pkt) {
    if (config.checksum_mode != ChecksumMode::Auto) return;
    if (live) {
      pkt.ipv4_checksum_bad = pkt.l4_checksum_bad = false;
      return;
    }
    bool bad = pkt.ipv4_checksum_bad || pkt.l4_checksum_bad;
    if (checksum_sampled < kChecksumSample) {
      ++checksum_sampled;
      checksum_bad += bad ? 1 : 0;
      if (checksum_sampled == kChecksumSample) ignore_checksums = checksum_bad * 10 > checksum_sampled;
    }
    if (ignore_checksums) pkt.ipv4_checksum_bad = pkt.l4_checksum_bad = false;
  }

  static decode::DecoderConfig decoder_config(const SensorConfig& c) {
    decode::DecoderConfig d = c.decoder;
    if (c.checksum_mode == ChecksumMode::None) d.verify_ipv4_checksum = d.verify_l4_checksum = false;
    return d;
  }

  // Live, the workers hear the time every kLiveTickUsec even on a quiet link.
  void maybe_tick() {
    timespec now{};
    clock_gettime(CLOCK_REALTIME_COARSE, &now);
    uint64_t now_usec = static_cast<uint64_t>(now.tv_sec) * 1'000'000ULL + static_cast<uint64_t>(now.tv_nsec) / 1000;
    if (now_usec < next_tick_usec) return;
    dispatcher.tick(now_usec);
    next_tick_usec = now_usec + kLiveTickUsec;
  }

  void expire_fragments(uint64_t now_usec) {
    if (now_usec < next_defrag_expire_usec) return;
    defrag.expire(now_usec);
    next_defrag_expire_usec = now_usec + kDefragExpireIntervalUsec;
  }
};

unsigned worker_count(const SensorConfig& config) {
  if (config.workers > 0) return config.workers;
  return std::max(1u, std::thread::hardware_concurrency());
}

// The open files of the eve-log outputs: files()[i] for config.eve_outputs[i], nullptr
// when that output is off.
class EveFiles {
 public:
  std::span<output::EveFile* const> files() const { return views_; }
  output::EveFile* front() const { return views_.empty() ? nullptr : views_.front(); }
  void add(std::unique_ptr<output::EveFile> file) {
    views_.push_back(file.get());
    if (file) owned_.push_back(std::move(file));
  }

 private:
  std::vector<std::unique_ptr<output::EveFile>> owned_;
  std::vector<output::EveFile*> views_;
};

std::expected<EveFiles, RunError> open_eve_files(const SensorConfig& config, const RunOptions& options) {
  EveFiles out;
  std::vector<std::filesystem::path> paths;
  for (const auto& output : config.eve_outputs) {
    if (!output.eve.enabled) {
      out.add(nullptr);
      continue;
    }
    auto path = std::filesystem::path(options.log_dir) / output.eve.filename;
    if (std::find(paths.begin(), paths.end(), path) != paths.end())
      return std::unexpected(RunError{fmt::format("two eve-log outputs write {}", path.string())});
    paths.push_back(path);
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    auto opened = output::EveFile::open(path.string());
    if (!opened) return std::unexpected(RunError{opened.error()});
    out.add(std::move(*opened));
  }
  return out;
}

// The center uploader sees every line written to the first eve-log output's file
// (nullptr without a center).
std::expected<std::unique_ptr<upload::CenterUploader>, RunError> start_uploader(const SensorConfig& config,
                                                                                const RunOptions& options,
                                                                                output::EveFile* eve) {
  if (!config.center.enabled()) return nullptr;
  if (eve == nullptr) return std::unexpected(RunError{"uploading to a center needs the eve-log output enabled"});
  auto uploader = upload::CenterUploader::start(
      config.center, (std::filesystem::path(options.log_dir) / "center-spool").string(),
      [](const std::string& line) { fmt::print(stderr, "rampart sense: {}\n", line); });
  if (!uploader) return std::unexpected(RunError{uploader.error()});
  upload::CenterUploader* sink = uploader->get();
  eve->set_tee([sink](std::string_view lines) { sink->submit(lines); });
  return std::move(*uploader);
}

// The file-store output, when it is enabled and a file can be stored: force-filestore,
// or a rule with filestore (without either no file is ever stored, so none is spooled).
std::expected<std::unique_ptr<proto::FileStore>, RunError> open_file_store(const SensorConfig& config,
                                                                            const RunOptions& options) {
  if (!config.file_store.enabled) return nullptr;
  bool rules_store = false;
  if (options.rules != nullptr)
    if (auto rules = options.rules->current()) rules_store = detect::file_rule_needs(*rules).store;
  if (!config.file_store.force && !rules_store) return nullptr;
  const uint32_t depth = config.file_store.stream_depth;
  if (depth != 0 && config.file_store.flow_depth(config.stream.reassembly_depth) == 0)
    fmt::print(stderr,
               "rampart sense: warning: file-store.stream-depth value {} has no effect since it's less than "
               "stream.reassembly.depth value.\n",
               depth);
  auto store = proto::FileStore::open(config.file_store, options.log_dir);
  if (!store) return std::unexpected(RunError{store.error()});
  return std::move(*store);
}

}  // namespace

std::expected<RunStats, RunError> run_sensor(const SensorConfig& config, const RunOptions& options) {
  auto started = std::chrono::steady_clock::now();
  auto source = options.interface.empty()
                    ? capture::PcapSource::open(options.input, options.bpf)
                    : capture::PcapSource::open_live({.interface = options.interface, .bpf = options.bpf});
  if (!source) return std::unexpected(RunError{source.error().message});

  auto eve = open_eve_files(config, options);
  if (!eve) return std::unexpected(eve.error());
  auto uploader = start_uploader(config, options, eve->front());
  if (!uploader) return std::unexpected(uploader.error());

  auto file_store = open_file_store(config, options);
  if (!file_store) return std::unexpected(file_store.error());
  // The workers' parsers spool files into the store when there is one.
  SensorConfig worker_config = config;
  if (*file_store) {
    worker_config.app_layer.file_store = file_store->get();
    worker_config.app_layer.file_hashes |= proto::file_hash::kSha256;  // files are stored under their SHA-256
  }

  unsigned n = worker_count(config);
  proto::ExpectationTable expectations;
  std::vector<std::unique_ptr<Worker>> workers;
  for (unsigned i = 0; i < n; ++i)
    workers.push_back(std::make_unique<Worker>(worker_config, eve->files(), options.rules, options.indicators, &expectations));
  std::unique_ptr<Dispatcher> dispatcher;
  if (n == 1) dispatcher = std::make_unique<InlineDispatcher>(*workers[0]);
  else
    dispatcher = std::make_unique<ThreadedDispatcher>(
        workers, flow::KeyScope{.vlan = config.flow.vlan_in_key, .tunnel = config.flow.tunnel_in_key});

  Reader reader{config, options, *source, *dispatcher};
  if (options.started) options.started();
  reader.run();
  dispatcher->finish();

  RunStats stats;
  stats.worker_count = n;
  stats.packets_read = source->packets_read();
  stats.bytes_read = source->bytes_read();
  stats.kernel = source->kernel_stats();
  stats.decode = reader.decoder.stats();
  for (size_t i = 0; i < decode::kDecodeEventCount; ++i) stats.decode.events[i] += reader.defrag_events[i];
  stats.defrag = reader.defrag.stats();
  stats.last_packet_usec = reader.last_usec;
  stats.warnings = source->warnings();
  for (const auto& w : workers) stats.add_worker(*w);
  stats.expectations = expectations.stats();
  if (options.rules != nullptr)
    if (auto rules = options.rules->current()) {
      stats.rules = rules->stats();
      stats.thresholds = options.rules->thresholds()->stats();
    }
  if (*file_store) stats.file_store = (*file_store)->stats();
  stats.elapsed = std::chrono::steady_clock::now() - started;
  if (*uploader) {
    (*uploader)->flush();
    stats.center = (*uploader)->stats();
  }
  for (size_t i = 0; i < config.eve_outputs.size(); ++i) {
    output::EveFile* file = eve->files()[i];
    if (file == nullptr) continue;
    if (const auto& settings = config.eve_outputs[i].eve; settings.stats) {
      std::string line;
      append_stats_record(line, stats, settings.stats_null_values);
      line += '\n';
      file->write(line, 1);
    }
    file->flush();
    stats.eve_records += file->records_written();
  }
  if (*uploader) {
    (*uploader)->stop();
    stats.center = (*uploader)->stats();
  }
  if (stats.packets_read == 0 && !stats.warnings.empty())
    return std::unexpected(RunError{fmt::format("no packet could be read: {}", fmt::join(stats.warnings, "; "))});
  return stats;
}

}  // namespace rampart::sensor
