#include "cli/sense_command.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstdio>
#include <filesystem>

#include "cli/progress_bar.hpp"
#include "cli/stop_signals.hpp"
#include "detect/dataset_store.hpp"
#include "detect/file_rules.hpp"
#include "detect/rule_set_handle.hpp"
#include "detect/rule_set_loader.hpp"
#include "intel_match/indicator_sources.hpp"
#include "sensor/control_socket.hpp"
#include "sensor/rule_reloader.hpp"
#include "sensor/sensor.hpp"
#include "sensor/sensor_control.hpp"

namespace rampart::cli {

namespace {

struct SenseOptions {
  std::string input;
  std::string interface;
  std::vector<std::string> rules;
  std::string log_dir = ".";
  std::string checksum_mode;
  std::vector<std::string> settings;
  std::string config_file;
  bool init_errors_fatal = false;
  std::string runmode;
  int verbosity = 0;
  std::string data_dir;
  bool no_random = false;
  unsigned workers = 0;
  std::vector<std::string> bpf_words;
  std::string center_url;
  std::string token;  // the sensor's token at the center: for uploads and indicator polls
  std::string center_ca;  // https: trusted CAs for uploads and indicator polls
  intel_match::IndicatorSources indicators;
  unsigned indicator_interval = 300;
  std::string threshold_file;
  std::string unix_socket;
};

// --unix-socket, else unix-command.filename when enabled (relative: in the log directory).
std::string control_socket_path(const SenseOptions& o, const sensor::SensorConfig& config) {
  if (!o.unix_socket.empty()) return o.unix_socket;
  if (!config.unix_command.enabled) return {};
  std::filesystem::path file = config.unix_command.filename;
  return file.is_absolute() ? file.string() : (std::filesystem::path(o.log_dir) / file).string();
}

void report_thresholds(const detect::RuleSetLoad& load) {
  const auto& config = load.thresholds;
  if (config.file.empty()) return;
  for (const auto& e : config.errors) fmt::print(stderr, "rampart sense: threshold error: {}:{}: {}\n", e.file, e.line, e.message);
  for (size_t line : load.threshold_use.unmatched_lines)
    fmt::print(stderr, "rampart sense: threshold note: {}:{}: names no loaded rule\n", config.file, line);
  fmt::print(stderr, "note: {}: {} directives ({} bad lines skipped): {} thresholds set, {} suppressions, {} rate filters\n",
             config.file, config.directives.size(), config.errors.size(), load.threshold_use.thresholds_set,
             load.threshold_use.suppressions, load.threshold_use.rate_filters);
}

// detect.sgh-mpm-caching-path, else DATA_DIR/cache/sgh (Suricata's layout) with --data-dir.
std::string mpm_cache_dir(const SenseOptions& o, const sensor::SensorConfig& config) {
  if (!config.mpm_caching) return {};
  if (!config.mpm_caching_path.empty()) return config.mpm_caching_path;
  if (o.data_dir.empty()) return {};
  return (std::filesystem::path(o.data_dir) / "cache" / "sgh").string();
}

// Loads the -S rules, reports the ones that fail or cannot run, and returns the
// compiled set, or why start-up (or a reload) must not go on.
std::expected<std::shared_ptr<const detect::RuleSet>, std::string> load_rules(const std::vector<std::string>& paths,
                                                                              const detect::RuleLoadOptions& options,
                                                                              bool errors_fatal) {
  auto files = detect::expand_rule_paths(paths);
  if (!files) {
    fmt::print(stderr, "rampart sense: error: {}\n", files.error());
    return std::unexpected(files.error());
  }
  auto load = detect::load_rule_set(*files, options);
  if (!load) {
    fmt::print(stderr, "rampart sense: error: {}\n", load.error());
    return std::unexpected(load.error());
  }
  for (const auto& failure : load->parsed.failures)
    fmt::print(stderr, "rampart sense: rule error: {}:{}: sid {}: {}\n", failure.error.file, failure.error.line,
               failure.sid, failure.error.detail);
  for (const auto& rule : load->inactive)
    fmt::print(stderr, "rampart sense: rule {}:{} not active: {}\n", rule.gid, rule.sid, rule.reason);
  report_thresholds(*load);
  const auto& st = load->rules->stats();
  if (load->parsed.rules_enabled > 0)
    fmt::print(stderr,
               "note: {} of {} rules in {} active ({} failed, {} not active): {} IP-only, {} address-indexed, {} prefiltered in {} "
               "Vectorscan databases, {} always checked; parsed in {:.2f} s, compiled in {:.2f} s\n",
               st.rules, load->parsed.rules_enabled, fmt::join(paths, " "), load->parsed.failures.size(), load->inactive.size(),
               st.ip_only, st.address_indexed, st.prefiltered, st.databases, st.unfiltered, load->parse_seconds, load->compile_seconds);
  if (!options.mpm_cache_dir.empty())
    fmt::print(stderr, "note: rule database cache {}: {} databases read, {} compiled and stored, {} unusable, {} pruned\n",
               options.mpm_cache_dir, load->cache.hits, load->cache.stored, load->cache.errors, load->cache.pruned);
  if (errors_fatal && !load->parsed.failures.empty())
    return std::unexpected(fmt::format("{} rules failed to load (--init-errors-fatal)", load->parsed.failures.size()));
  return load->rules;
}

class SenseCommandImpl final : public SenseCommand {
 public:
  explicit SenseCommandImpl(CLI::App& app) : cmd_(app.add_subcommand("sense", "Run the network sensor over captures or a live interface")) {
    auto& o = options_;
    auto* file = cmd_->add_option("-r", o.input, "Capture file (pcap/pcapng), directory of captures, or - for stdin");
    auto* live = cmd_->add_option("-i", o.interface, "Capture live on this network interface (until SIGINT/SIGTERM)");
    file->excludes(live);
    live->excludes(file);
    // One value per occurrence, so a trailing BPF filter is not taken as a value.
    cmd_->add_option("-S", o.rules, "Rule file, or a directory of .rules files (repeatable)")
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    cmd_->add_option("-l", o.log_dir, "Log directory: eve.json is written there")->capture_default_str();
    cmd_->add_option("-k", o.checksum_mode, "Checksum checks: all, none or auto (default: auto, or the config's)")
        ->check(CLI::IsMember({"all", "none", "auto"}));
    cmd_->add_option("--set", o.settings, "Set a configuration key: --set stream.midstream=true (repeatable)")
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    cmd_->add_option("-c", o.config_file, "YAML configuration (rampart.yaml, or a partial suricata.yaml)");
    cmd_->add_flag("--init-errors-fatal", o.init_errors_fatal, "Fail start-up when a rule cannot be loaded");
    cmd_->add_option("--runmode", o.runmode, "Accepted for Suricata compatibility (single = one worker)");
    cmd_->add_flag("-v", o.verbosity, "More output on stderr (repeatable: -vvv)");
    cmd_->add_option("--data-dir", o.data_dir, "Directory for state files: compiled rule databases are cached in DIR/cache/sgh");
    cmd_->add_flag("--no-random", o.no_random, "Accepted for Suricata compatibility: runs are deterministic");
    cmd_->add_option("--workers", o.workers, "Worker threads (default: one per core)");
    cmd_->add_option("--center", o.center_url, "Upload events to this rampart center (http:// or https:// URL)");
    cmd_->add_option("--token", o.token, "The sensor's token at the center (for --center and --indicators-from)");
    cmd_->add_option("--indicators", o.indicators.bundle_file, "STIX 2.1 bundle of indicators to match on traffic");
    cmd_->add_option("--indicators-from", o.indicators.center_url, "Center URL to poll for indicators (http:// or https://)");
    cmd_->add_option("--center-ca", o.center_ca,
                     "PEM file of CAs trusted for https --center and --indicators-from (default: the system's)");
    indicator_interval_ = cmd_->add_option("--indicators-interval", o.indicator_interval,
                                           "Seconds between indicator polls (default: intel.interval, else 300)")
                              ->check(CLI::Range(1u, 86400u));
    cmd_->add_option("--threshold-file", o.threshold_file, "threshold.config: global thresholds, suppressions, rate filters");
    cmd_->add_option("--unix-socket", o.unix_socket, "Control socket (Suricata's unix-command protocol; see rampart ctl)");
    cmd_->add_option("bpf", o.bpf_words, "BPF filter expression applied to every packet");
  }

  int run() override {
    if (!cmd_->parsed()) return 0;
    if (options_.input.empty() && options_.interface.empty()) return fail("give a capture with -r or an interface with -i");
    StopSignals stop_signals(stop_);
    sensor::SensorConfig config;
    sensor::ConfigNotes notes;
    if (!options_.config_file.empty()) {
      if (auto r = sensor::load_config_file(config, options_.config_file, notes); !r) return fail(r.error().message);
    }
    for (const auto& s : options_.settings)
      if (auto r = sensor::apply_assignment(config, s, notes); !r) return fail(r.error().message);
    if (auto r = sensor::apply_environment(config, std::getenv("SURICATA_EVE_DNS_VERSION")); !r)
      return fail(r.error().message);
    if (options_.checksum_mode == "all") config.checksum_mode = sensor::ChecksumMode::All;
    if (options_.checksum_mode == "none") config.checksum_mode = sensor::ChecksumMode::None;
    config.workers = options_.workers;
    if (!options_.center_url.empty()) config.center.url = options_.center_url;
    if (!options_.token.empty()) config.center.token = options_.token;
    if (!options_.center_ca.empty()) config.center.ca_file = options_.center_ca;
    if (options_.runmode == "single") config.workers = 1;
    if (options_.verbosity > 0)
      for (const auto& key : notes.not_applied) fmt::print(stderr, "note: setting {} is not implemented; ignored\n", key);
    if (options_.threshold_file.empty()) options_.threshold_file = config.threshold_file;
    const detect::RuleLoadOptions load_options{options_.config_file, options_.threshold_file, mpm_cache_dir(options_, config),
                                               options_.data_dir};
    std::unique_ptr<sensor::RuleReloader> reloader;
    if (!options_.rules.empty()) {
      // SIGUSR2 is taken from start-up on, so an early one cannot end the process.
      reloader = std::make_unique<sensor::RuleReloader>(rules_, [this, load_options] {
        fmt::print(stderr, "rampart sense: reloading rules from {}\n", fmt::join(options_.rules, " "));
        return load_rules(options_.rules, load_options, false);
      });
      reloader->watch_signal();
      auto rules = load_rules(options_.rules, load_options, options_.init_errors_fatal);
      if (!rules) return 1;
      // The digests the file hash lists compare are computed only when a rule has one.
      config.app_layer.file_hashes |= detect::file_rule_needs(**rules).hashes;
      rules_.publish(std::move(*rules));
    }
    std::unique_ptr<sensor::SensorControl> control;
    std::unique_ptr<sensor::ControlSocket> control_socket;
    if (auto path = control_socket_path(options_, config); !path.empty()) {
      control = std::make_unique<sensor::SensorControl>(sensor::SensorControlOptions{
          reloader.get(), options_.rules.empty() ? nullptr : &rules_, [this] { stop_ = true; }, "rampart " RAMPART_VERSION});
      auto opened = sensor::ControlSocket::open(path, *control);
      if (!opened) return fail(opened.error());
      control_socket = std::move(*opened);
    }
    std::unique_ptr<intel_match::IndicatorPoller> poller;
    auto& sources = options_.indicators;
    if (sources.center_url.empty()) sources.center_url = config.intel.url;
    sources.token = !options_.token.empty() ? options_.token : config.intel.token;
    if (sources.token.empty()) sources.token = config.center.token;
    sources.ca_file = config.center.ca_file;
    bool with_indicators = !sources.bundle_file.empty() || !sources.center_url.empty();
    if (with_indicators) {
      sources.interval = std::chrono::seconds(
          indicator_interval_->count() > 0 ? options_.indicator_interval : std::max(1u, config.intel.interval_seconds));
      auto started = intel_match::start_indicators(options_.indicators, indicators_, [](const std::string& message) {
        fmt::print(stderr, "rampart sense: {}\n", message);
      });
      if (!started) return fail(started.error());
      poller = std::move(*started);
    }
    return run_sensor(config, with_indicators);
  }

 private:
  int run_sensor(const sensor::SensorConfig& config, bool with_indicators) {
    sensor::RunOptions run;
    run.input = options_.input;
    run.interface = options_.interface;
    if (!run.interface.empty())
      run.started = [this] { fmt::print(stderr, "note: capturing on {}; SIGINT or SIGTERM ends the run\n", options_.interface); };
    run.bpf = fmt::format("{}", fmt::join(options_.bpf_words, " "));
    run.log_dir = options_.log_dir;
    run.stop = &stop_;
    if (!options_.rules.empty()) run.rules = &rules_;
    if (with_indicators) run.indicators = &indicators_;
    ProgressBar bar(isatty(STDERR_FILENO) == 1 && options_.interface.empty());
    if (bar.enabled()) run.progress = [&bar](uint64_t done, uint64_t total) { bar.update(done, total); };
    auto result = sensor::run_sensor(config, run);
    bar.finish();
    // Datasets with a save or state file are written at shutdown, as Suricata does.
    if (auto saved = detect::DatasetRegistry::process().save_all(); !saved) return fail(saved.error());
    for (const auto& set : detect::DatasetRegistry::process().sets())
      if (auto stats = set->stats(); stats.overflows > 0)
        fmt::print(stderr, "note: dataset {}: {} values not added (over its memcap)\n", set->name(), stats.overflows);
    if (!result) return fail(result.error().message);
    fmt::print(stderr, "{}", sensor::format_summary(*result));
    return 0;
  }

  static int fail(const std::string& message) {
    fmt::print(stderr, "rampart sense: error: {}\n", message);
    return 1;
  }

  CLI::App* cmd_;
  CLI::Option* indicator_interval_ = nullptr;
  SenseOptions options_;
  detect::RuleSetHandle rules_;
  intel_match::IndicatorHandle indicators_;
  std::atomic<bool> stop_{false};  // set by the control socket's shutdown, SIGINT and SIGTERM
};

}  // namespace

std::unique_ptr<SenseCommand> add_sense_command(CLI::App& app) { return std::make_unique<SenseCommandImpl>(app); }

}  // namespace rampart::cli
