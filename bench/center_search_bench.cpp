// Alert search over a large SQLite store: center_search_bench DIR ALERTS fills DIR with
// ALERTS generated alerts through Store::ingest (batches of 10000, 4 sensors, 30 days,
// 2000 signatures, 50000 internal and 20000 external addresses, short EVE lines), or
// reuses DIR when it already holds that many, then times the filtered searches of
// GET /api/v1/alerts (Store::alerts, 50 per page) and prints p50/p99/max per kind.
// Every result line starts with "RESULT ".
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "center/ingest/eve_time.hpp"
#include "center/store/sqlite_store.hpp"

namespace {

using namespace rampart::center;
using Clock = std::chrono::steady_clock;

constexpr int64_t kStartUs = 1'709'251'200'000'000;  // 2024-03-01T00:00:00Z
constexpr int64_t kSpanUs = 30LL * 86'400'000'000;
constexpr int64_t kHourUs = 3'600'000'000;
constexpr int kSensors = 4;
constexpr int kSignatures = 2000;
constexpr int kInternal = 50000;
constexpr int kExternal = 20000;
constexpr size_t kBatch = 10000;
constexpr size_t kPage = 50;
constexpr int kRepeats = 200;

std::string internal_ip(int n) { return fmt::format("10.{}.{}.{}", n / 65536 % 256, n / 256 % 256, n % 256); }
std::string external_ip(int n) { return fmt::format("203.{}.{}.{}", n / 65536 % 256, n / 256 % 256, n % 256); }
int64_t signature_of(int n) { return 2'000'000 + n * 13; }

double elapsed_s(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

// Signatures and addresses follow a skewed (Zipf-like) popularity, as real alerts do.
class AlertMaker {
 public:
  IngestedAlert make(int64_t time_us) {
    IngestedAlert alert;
    alert.time_us = time_us;
    int signature = skewed(kSignatures);
    alert.signature_id = signature_of(signature);
    alert.severity = 1 + signature % 3;
    alert.signature = fmt::format("ET BENCH signature {}", signature);
    bool inbound = random_() % 10 < 3;
    std::string inside = internal_ip(skewed(kInternal));
    std::string outside = external_ip(skewed(kExternal));
    alert.src_ip = inbound ? outside : inside;
    alert.dest_ip = inbound ? inside : outside;
    alert.eve_json = fmt::format(
        R"({{"timestamp":"{}","event_type":"alert","src_ip":"{}","src_port":{},"dest_ip":"{}","dest_port":443,)"
        R"("proto":"TCP","alert":{{"action":"allowed","gid":1,"signature_id":{},"rev":2,"signature":"{}",)"
        R"("category":"Misc activity","severity":{}}},"app_proto":"tls"}})",
        format_utc_time(time_us), alert.src_ip, 1024 + random_() % 60000, alert.dest_ip, alert.signature_id, alert.signature,
        alert.severity);
    return alert;
  }

 private:
  // Index in [0, n): the square of a uniform draw favours small indexes.
  int skewed(int n) {
    double u = std::uniform_real_distribution<double>(0, 1)(random_);
    return static_cast<int>(u * u * n);
  }
  std::mt19937_64 random_{7};
};

std::vector<Principal> sensors(Store& store) {
  std::vector<Principal> out;
  for (int i = 0; i < kSensors; ++i) {
    std::string hash = fmt::format("bench-sensor-{}", i);
    auto found = store.find_token(hash);
    if (found && !*found) {
      (void)store.add_sensor(fmt::format("sensor-{}", i), hash, "bench");
      found = store.find_token(hash);
    }
    if (!found || !*found) return {};
    out.push_back(**found);
  }
  return out;
}

bool fill(Store& store, uint64_t alerts) {
  auto stored = store.stats();
  if (!stored) return false;
  if (stored->alerts >= alerts) {
    fmt::print("RESULT search-store: reusing {} alerts already in the store\n", stored->alerts);
    return true;
  }
  auto senders = sensors(store);
  if (senders.empty()) return false;
  AlertMaker maker;
  auto started = Clock::now();
  int64_t step = kSpanUs / static_cast<int64_t>(alerts);
  uint64_t made = stored->alerts;
  for (size_t number = made / kBatch; made < alerts; ++number) {
    EventBatch batch;
    for (size_t i = 0; i < kBatch && made < alerts; ++i, ++made)
      batch.alerts.push_back(maker.make(kStartUs + static_cast<int64_t>(made) * step));
    auto ack = store.ingest(senders[number % senders.size()], fmt::format("search-{}", number), batch);
    if (!ack) {
      fmt::print(stderr, "ingest: {}\n", ack.error().detail);
      return false;
    }
    if (number % 100 == 99) fmt::print(stderr, "  {} alerts, {:.0f} s\n", made, elapsed_s(started));
  }
  double seconds = elapsed_s(started);
  fmt::print("RESULT search-store: generated {} alerts through Store::ingest in {:.1f} s ({:.0f} alerts/s)\n",
             alerts - stored->alerts, seconds, static_cast<double>(alerts - stored->alerts) / seconds);
  return true;
}

// The generated alerts are not correlated: the mark moves past them, so a center
// serving the store (bench/center-ingest-bench --search-store) starts at once instead
// of correlating millions of alerts first.
bool mark_correlated(Store& store) {
  AlertQuery newest;
  newest.limit = 1;
  auto page = store.alerts(newest);
  if (!page) return false;
  if (page->alerts.empty()) return true;
  auto marked = store.record_correlations({}, page->alerts.front().id, "center_search_bench");
  if (!marked) fmt::print(stderr, "correlation mark: {}\n", marked.error().detail);
  return marked.has_value();
}

struct Kind {
  std::string name;
  std::function<AlertQuery(std::mt19937_64&)> query;
};

std::vector<Kind> kinds() {
  auto hour = [](std::mt19937_64& r) { return kStartUs + static_cast<int64_t>(r() % 720) * kHourUs; };
  auto signature = [](std::mt19937_64& r) { return signature_of(static_cast<int>(r() % 400)); };
  return {
      {"newest page, no filter", [](std::mt19937_64&) { return AlertQuery{}; }},
      {"time range (1 hour)",
       [=](std::mt19937_64& r) {
         AlertQuery q;
         q.since_us = hour(r);
         q.until_us = *q.since_us + kHourUs;
         return q;
       }},
      {"signature id",
       [=](std::mt19937_64& r) {
         AlertQuery q;
         q.signature_id = signature(r);
         return q;
       }},
      {"signature id + 1 day",
       [=](std::mt19937_64& r) {
         AlertQuery q;
         q.signature_id = signature(r);
         q.since_us = hour(r);
         q.until_us = *q.since_us + 24 * kHourUs;
         return q;
       }},
      {"src address",
       [](std::mt19937_64& r) {
         AlertQuery q;
         q.src_ip = internal_ip(static_cast<int>(r() % 2000));
         return q;
       }},
      {"any address (ip=)",
       [](std::mt19937_64& r) {
         AlertQuery q;
         q.any_ip = external_ip(static_cast<int>(r() % 2000));
         return q;
       }},
      {"dest address + 1 week",
       [=](std::mt19937_64& r) {
         AlertQuery q;
         q.dest_ip = external_ip(static_cast<int>(r() % 2000));
         q.since_us = hour(r);
         q.until_us = *q.since_us + 168 * kHourUs;
         return q;
       }},
      {"severity 1 + 1 day",
       [=](std::mt19937_64& r) {
         AlertQuery q;
         q.min_severity = 1;
         q.since_us = hour(r);
         q.until_us = *q.since_us + 24 * kHourUs;
         return q;
       }},
      {"severity <= 2, sensor",
       [](std::mt19937_64& r) {
         AlertQuery q;
         q.min_severity = 2;
         q.sensor = fmt::format("sensor-{}", r() % kSensors);
         return q;
       }},
  };
}

struct Latencies {
  std::vector<double> ms;
  void print(const std::string& name) {
    std::sort(ms.begin(), ms.end());
    auto at = [&](double q) { return ms[std::min(ms.size() - 1, static_cast<size_t>(q * static_cast<double>(ms.size())))]; };
    fmt::print("RESULT search {:<28} p50 {:7.2f} ms  p99 {:7.2f} ms  max {:7.2f} ms  ({} searches)\n", name, at(0.5),
               at(0.99), ms.back(), ms.size());
  }
};

bool time_kind(Store& store, const Kind& kind, std::mt19937_64& random) {
  Latencies latencies;
  for (int i = 0; i < kRepeats; ++i) {
    AlertQuery query = kind.query(random);
    query.limit = kPage;
    auto started = Clock::now();
    auto page = store.alerts(query);
    latencies.ms.push_back(elapsed_s(started) * 1000);
    if (!page) {
      fmt::print(stderr, "{}: {}\n", kind.name, page.error().detail);
      return false;
    }
  }
  latencies.print(kind.name);
  return true;
}

// Follows the cursor of the unfiltered listing for 20 pages from random points in time.
bool time_cursor_pages(Store& store, std::mt19937_64& random) {
  Latencies latencies;
  for (int i = 0; i < kRepeats / 20; ++i) {
    AlertQuery query;
    query.limit = kPage;
    query.after = AlertCursor{kStartUs + static_cast<int64_t>(random() % static_cast<uint64_t>(kSpanUs)), 1LL << 62};
    for (int page_number = 0; page_number < 20 && query.after; ++page_number) {
      auto started = Clock::now();
      auto page = store.alerts(query);
      latencies.ms.push_back(elapsed_s(started) * 1000);
      if (!page) return false;
      query.after = page->next;
    }
  }
  latencies.print("cursor pages (20 deep)");
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    fmt::print(stderr, "usage: center_search_bench DIR ALERTS\n");
    return 2;
  }
  auto store = open_sqlite_store(argv[1]);
  if (!store) {
    fmt::print(stderr, "{}\n", store.error().detail);
    return 1;
  }
  if (!fill(**store, std::strtoull(argv[2], nullptr, 10))) return 1;
  if (!mark_correlated(**store)) return 1;
  std::mt19937_64 random(11);
  for (const auto& kind : kinds())
    if (!time_kind(**store, kind, random)) return 1;
  return time_cursor_pages(**store, random) ? 0 : 1;
}
