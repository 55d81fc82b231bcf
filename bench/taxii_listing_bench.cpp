// TAXII object listing under load, in two steps driven by bench/taxii-bench (and a
// third to look at the plans):
//   generate --data DIR | --db URL --objects N
//     fills a center store with N STIX objects in one collection through the Store
//     API (batches of 10000, each batch one date_added; every 20th object is a second,
//     newer version of the threat actor 10 objects before it), adds a reader, and
//     prints "collection ID", "token TOKEN" and "dates FIRST_US LAST_US";
//   load --port P --token T --collection ID --first-us A --last-us B --seconds S --clients C
//     drives `rampart center serve` with C keep-alive clients per scenario for S
//     seconds each and prints p50/p99/max latency and requests per second.
//   explain --db URL --collection ID --first-us A --last-us B
//     prints EXPLAIN (ANALYZE, BUFFERS) of the SQL the PostgreSQL store runs for
//     each scenario's query (the reader's organisation is "bench"; JIT off like the store).
// Scenarios (all limit=100): the first page; added_after at a random point; paging
// with next from a random added_after (10 pages per walk); match[type]=malware with
// added_after and next paging; match[version]=all with added_after and next paging;
// match[id] with 10 random ids.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "center/identity/credentials.hpp"
#include "center/ingest/eve_time.hpp"
#include "center/store/open_store.hpp"
#include "center/store/postgres_connection.hpp"
#include "center/store/taxii_object_filter.hpp"
#include "center/taxii/taxii_http.hpp"
#include "center/taxii/taxii_query.hpp"

namespace {

using namespace rampart::center;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr size_t kBatch = 10000;
constexpr const char* kGreen = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";

// The STIX id of object number n.
std::string object_id(const char* type, size_t n) { return fmt::format("{}--{:08x}-0000-4000-8000-{:012x}", type, n % 9973, n); }

// Whether object n is the second version of object n - 10.
bool is_second_version(size_t n) { return n % 20 == 19; }

// Deterministic object number n: 70% indicators, 20% malware, 10% threat actors
// (half of them second versions, in 2025, of the first ones, in 2024).
NewTaxiiObject object_row(size_t n) {
  static constexpr std::array<const char*, 10> kTypes{"indicator", "indicator",  "indicator", "indicator",
                                                      "indicator", "indicator",  "indicator", "malware",
                                                      "malware",   "threat-actor"};
  NewTaxiiObject row;
  row.type = kTypes[n % kTypes.size()];
  row.stix_id = object_id(kTypes[n % kTypes.size()], is_second_version(n) ? n - 10 : n);
  row.spec_version = "2.1";
  row.version = fmt::format("{}-{:02}-{:02}T{:02}:{:02}:{:02}.000Z", is_second_version(n) ? 2025 : 2024, 1 + n % 12,
                            1 + n % 28, n % 24, n % 60, n / 60 % 60);
  row.version_ns = *taxii::timestamp_ns(row.version);
  row.tlp = StoredTlp::green;
  std::string common = fmt::format(
      R"("type":"{}","spec_version":"2.1","id":"{}","created":"{}","modified":"{}","object_marking_refs":["{}"])",
      row.type, row.stix_id, row.version, row.version, kGreen);
  if (row.type == std::string("indicator"))
    row.json = fmt::format(
        R"({{{},"name":"bench indicator {}","pattern":"[ipv4-addr:value = '10.{}.{}.{}']","pattern_type":"stix","valid_from":"{}"}})",
        common, n, n >> 16 & 255, n >> 8 & 255, n & 255, row.version);
  else if (row.type == std::string("malware"))
    row.json = fmt::format(R"({{{},"name":"bench malware {}","is_family":false}})", common, n);
  else
    row.json = fmt::format(R"({{{},"name":"bench actor {}"}})", common, n);
  return row;
}

int generate(const std::string& data_dir, const std::string& database_url, size_t objects) {
  auto store = open_store(database_url, data_dir);
  if (!store) return fmt::print(stderr, "generate: {}\n", store.error().detail), 1;
  auto token = generate_api_token();
  auto password = hash_password("bench reader");
  auto collection = taxii::random_uuid();
  if (!token || !password || !collection) return fmt::print(stderr, "generate: no randomness\n"), 1;
  auto organisation = (*store)->add_organisation("bench", "bench");
  if (!organisation) return fmt::print(stderr, "generate: {}\n", organisation.error().detail), 1;
  if (auto group = (*store)->add_sharing_group("bench-readers", {"bench"}, "bench"); !group)
    return fmt::print(stderr, "generate: {}\n", group.error().detail), 1;
  if (auto added = (*store)->add_collection({*collection, "Bench", "", false, false}, {"bench-readers"},
                                            {"bench-readers"}, "bench");
      !added)
    return fmt::print(stderr, "generate: {}\n", added.error().detail), 1;
  if (auto user = (*store)->add_user("reader", Role::viewer, *password, token_hash(*token), "bench"); !user)
    return fmt::print(stderr, "generate: {}\n", user.error().detail), 1;
  if (auto moved = (*store)->set_user_organisation("reader", "bench", "bench"); !moved)
    return fmt::print(stderr, "generate: {}\n", moved.error().detail), 1;
  int64_t first_us = 0, last_us = 0;
  std::vector<NewTaxiiObject> batch;
  for (size_t n = 0; n < objects; n += kBatch) {
    batch.clear();
    for (size_t i = n; i < std::min(objects, n + kBatch); ++i) batch.push_back(object_row(i));
    auto added = (*store)->add_taxii_objects(*collection, *organisation, batch, "bench");
    if (!added) return fmt::print(stderr, "generate: {}\n", added.error().detail), 1;
    if (first_us == 0) first_us = *added;
    last_us = *added;
  }
  fmt::print("collection {}\ntoken {}\ndates {} {}\n", *collection, *token, first_us, last_us);
  return 0;
}

struct LoadOptions {
  std::string port;
  std::string token;
  std::string collection;
  int64_t first_us = 0;
  int64_t last_us = 0;
  int seconds = 10;
  int clients = 32;
  size_t objects = 1000000;
};

enum class Scenario { first_page, added_after, next_paging, type_paging, all_versions_paging, id_match };

struct ClientTally {
  std::vector<double> latencies_ms;
  size_t failures = 0;
};

// The value of "next" in a TAXII envelope, or "".
std::string next_of(const std::string& body) {
  constexpr std::string_view kKey = "\"next\":\"";
  auto at = body.rfind(kKey);
  if (at == std::string::npos) return {};
  auto start = at + kKey.size();
  return body.substr(start, body.find('"', start) - start);
}

void run_client(const LoadOptions& options, Scenario scenario, Clock::time_point end, unsigned seed, ClientTally& tally) {
  boost::asio::io_context io;
  beast::tcp_stream stream(io);
  tcp::resolver resolver(io);
  beast::error_code ec;
  stream.connect(resolver.resolve("127.0.0.1", options.port), ec);
  if (ec) return void(++tally.failures);
  std::mt19937_64 random(seed);
  std::uniform_int_distribution<int64_t> when(options.first_us, options.last_us);
  std::uniform_int_distribution<size_t> which(0, options.objects - 1);
  std::string base = fmt::format("/api1/collections/{}/objects/?limit=100", options.collection);
  if (scenario == Scenario::type_paging) base += "&match%5Btype%5D=malware";
  if (scenario == Scenario::all_versions_paging) base += "&match%5Bversion%5D=all";
  std::string next;
  int pages_left = 0;
  std::string added_after;
  beast::flat_buffer buffer;
  while (Clock::now() < end) {
    std::string target = base;
    if (scenario == Scenario::id_match) {
      target += "&match%5Bid%5D=";
      for (int i = 0; i < 10; ++i) {
        size_t n = which(random);
        target += (i ? "," : "") + object_id(n % 10 < 7 ? "indicator" : n % 10 < 9 ? "malware" : "threat-actor",
                                            is_second_version(n) ? n - 10 : n);
      }
    } else if (scenario != Scenario::first_page) {
      if (pages_left == 0 || next.empty()) {
        added_after = format_utc_time(when(random));
        next.clear();
        pages_left = 10;
      }
      target += "&added_after=" + added_after;
      if (!next.empty()) target += "&next=" + next;
      if (scenario == Scenario::added_after) pages_left = 0;
    }
    http::request<http::empty_body> request{http::verb::get, target, 11};
    request.set(http::field::host, "127.0.0.1");
    request.set(http::field::authorization, "Bearer " + options.token);
    request.set(http::field::accept, std::string(taxii::kTaxiiMediaType));
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    auto started = Clock::now();
    http::write(stream, request, ec);
    if (!ec) http::read(stream, buffer, parser, ec);
    if (ec) return void(++tally.failures);
    tally.latencies_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - started).count());
    if (parser.get().result_int() != 200) ++tally.failures;
    if (scenario == Scenario::next_paging || scenario == Scenario::type_paging ||
        scenario == Scenario::all_versions_paging) {
      next = next_of(parser.get().body());
      --pages_left;
    }
  }
}

void load_scenario(const LoadOptions& options, Scenario scenario, const char* title) {
  std::vector<ClientTally> tallies(static_cast<size_t>(options.clients));
  std::vector<std::thread> clients;
  auto started = Clock::now();
  auto end = started + std::chrono::seconds(options.seconds);
  for (size_t i = 0; i < tallies.size(); ++i)
    clients.emplace_back([&, i] { run_client(options, scenario, end, static_cast<unsigned>(i + 1), tallies[i]); });
  for (auto& client : clients) client.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
  std::vector<double> all;
  size_t failures = 0;
  for (const auto& tally : tallies) {
    all.insert(all.end(), tally.latencies_ms.begin(), tally.latencies_ms.end());
    failures += tally.failures;
  }
  std::sort(all.begin(), all.end());
  auto at = [&](double q) { return all.empty() ? 0.0 : all[std::min(all.size() - 1, static_cast<size_t>(q * static_cast<double>(all.size())))]; };
  fmt::print("{:<44} {:>8} requests {:>9.1f} req/s  p50 {:>8.2f} ms  p99 {:>8.2f} ms  max {:>8.2f} ms  failures {}\n",
             title, all.size(), static_cast<double>(all.size()) / elapsed, at(0.50), at(0.99), all.empty() ? 0.0 : all.back(),
             failures);
}

int load(const LoadOptions& options) {
  fmt::print("{} clients, {} s per scenario, limit=100\n", options.clients, options.seconds);
  load_scenario(options, Scenario::first_page, "first page");
  load_scenario(options, Scenario::added_after, "added_after (random point)");
  load_scenario(options, Scenario::next_paging, "added_after + next paging (10 pages)");
  load_scenario(options, Scenario::type_paging, "match[type]=malware + added_after + next");
  load_scenario(options, Scenario::all_versions_paging, "match[version]=all + added_after + next");
  load_scenario(options, Scenario::id_match, "match[id] (10 random ids)");
  return 0;
}

// The query of each scenario as the TAXII router builds it for the bench reader.
std::vector<std::pair<std::string, TaxiiObjectQuery>> explained_queries(const std::string& collection, int64_t organisation,
                                                                        int64_t middle_us) {
  TaxiiObjectQuery base;
  base.collection_id = collection;
  base.viewer = TaxiiViewer{organisation, true};
  base.limit = 100;
  std::vector<std::pair<std::string, TaxiiObjectQuery>> out;
  out.emplace_back("first page (match[version]=last)", base);
  auto query = base;
  query.added_after_us = middle_us;
  out.emplace_back("added_after", query);
  query.after = TaxiiCursor{middle_us, 500000};
  out.emplace_back("added_after + next", query);
  query = base;
  query.types = {"malware"};
  query.added_after_us = middle_us;
  out.emplace_back("match[type]=malware + added_after", query);
  query = base;
  query.ids = {object_id("indicator", 123456), object_id("malware", 777777), object_id("threat-actor", 989)};
  out.emplace_back("match[id] (3 ids)", query);
  for (auto [name, match] : {std::pair{"all", VersionMatch::all}, std::pair{"first", VersionMatch::first}}) {
    query = base;
    query.version_match = match;
    query.added_after_us = middle_us;
    out.emplace_back(fmt::format("match[version]={} + added_after", name), query);
  }
  query = base;
  query.types = {"threat-actor"};
  query.after = TaxiiCursor{middle_us, 500000};
  out.emplace_back("match[type]=threat-actor + next (versioned objects)", query);
  return out;
}

int explain(const std::string& database_url, const std::string& collection, int64_t first_us, int64_t last_us) {
  auto connection = pg::Connection::open(database_url);
  if (!connection) return fmt::print(stderr, "explain: {}\n", connection.error().detail), 1;
  if (auto no_jit = connection->query("SET jit = off"); !no_jit)  // as the store runs its queries
    return fmt::print(stderr, "explain: {}\n", no_jit.error().detail), 1;
  auto organisation = connection->query("SELECT id FROM organisations WHERE name = 'bench'");
  if (!organisation || organisation->size() != 1) return fmt::print(stderr, "explain: no organisation bench\n"), 1;
  for (const auto& [title, query] : explained_queries(collection, organisation->integer(0, 0), first_us + (last_us - first_us) / 2)) {
    SqlClause clause('$');
    std::string sql = taxii_listing_sql(query, clause);
    std::vector<pg::Param> params;
    for (const auto& value : clause.params())
      params.push_back(std::holds_alternative<int64_t>(value) ? pg::param(std::get<int64_t>(value))
                                                              : pg::param(std::get<std::string>(value)));
    auto plan = connection->query("EXPLAIN (ANALYZE, BUFFERS) " + sql, params);
    if (!plan) return fmt::print(stderr, "explain: {}\n", plan.error().detail), 1;
    fmt::print("== {}\n", title);
    for (int row = 0; row < plan->size(); ++row) fmt::print("{}\n", plan->text(row, 0));
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("TAXII object listing benchmark");
  app.require_subcommand(1);
  std::string data_dir, database_url;
  size_t objects = 1000000;
  auto* gen = app.add_subcommand("generate", "Fill a store with objects");
  gen->add_option("--data", data_dir, "SQLite data directory");
  gen->add_option("--db", database_url, "PostgreSQL URL");
  gen->add_option("--objects", objects, "How many objects");
  LoadOptions options;
  auto* drive = app.add_subcommand("load", "Drive a running center");
  drive->add_option("--port", options.port)->required();
  drive->add_option("--token", options.token)->required();
  drive->add_option("--collection", options.collection)->required();
  drive->add_option("--first-us", options.first_us)->required();
  drive->add_option("--last-us", options.last_us)->required();
  drive->add_option("--seconds", options.seconds);
  drive->add_option("--clients", options.clients);
  drive->add_option("--objects", options.objects, "How many objects generate stored");
  std::string explained_collection;
  int64_t explained_first = 0, explained_last = 0;
  auto* plans = app.add_subcommand("explain", "Print the PostgreSQL plans of the scenarios' queries");
  plans->add_option("--db", database_url, "PostgreSQL URL")->required();
  plans->add_option("--collection", explained_collection)->required();
  plans->add_option("--first-us", explained_first)->required();
  plans->add_option("--last-us", explained_last)->required();
  CLI11_PARSE(app, argc, argv);
  if (gen->parsed()) return generate(data_dir, database_url, objects);
  if (plans->parsed()) return explain(database_url, explained_collection, explained_first, explained_last);
  return load(options);
}
