#include "cli/center_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "center/api/api_router.hpp"
#include "center/api/http_server.hpp"
#include "center/center_config.hpp"
#include "center/feeds/feed_scheduler.hpp"
#include "center/identity/credentials.hpp"
#include "center/store/open_store.hpp"
#include "center/taxii/taxii_http.hpp"
#include "center/taxii/taxii_objects.hpp"

namespace rampart::cli {

namespace {

using namespace rampart::center;

struct ServeOptions {
  std::string config_file;
  std::string listen;
  TlsFiles tls;
  std::string data_dir;
  std::string database_url;
  std::optional<unsigned> threads_per_core;
};

struct FeedPollOptions {
  std::string name;
  std::string config_file;
  std::string data_dir;
  std::string database_url;
};

struct IdentityOptions {
  std::string name;
  std::string role;
  std::string organisation;
  std::string data_dir;
  std::string database_url;
};

// org add, group add, collection add, import.
struct SharingOptions {
  std::string name;
  std::vector<std::string> organisations;
  std::vector<std::string> read_groups;
  std::vector<std::string> write_groups;
  std::string description;
  std::string file;
  std::string collection;
  std::string organisation = "default";
  std::string data_dir;
  std::string database_url;
};

constexpr const char* kDbHelp = "PostgreSQL database (postgres://USER@HOST:PORT/DB) instead of SQLite in --data";

// --data or --db: the store of a command.
void add_store_options(CLI::App* command, std::string& data_dir, std::string& database_url) {
  auto* data = command->add_option("--data", data_dir, "Data directory (SQLite database)");
  auto* db = command->add_option("--db", database_url, kDbHelp);
  data->excludes(db);
}

int fail(const std::string& message) {
  fmt::print(stderr, "rampart center: error: {}\n", message);
  return 1;
}

class CenterCommandImpl final : public CenterCommand {
 public:
  explicit CenterCommandImpl(CLI::App& app) : center_(app.add_subcommand("center", "Run or administer the center")) {
    center_->require_subcommand(1);
    serve_ = center_->add_subcommand("serve", "Serve the ingest and query API");
    serve_->add_option("-c,--config", serve_options_.config_file, "center.yaml");
    serve_->add_option("--listen", serve_options_.listen, "HOST:PORT (default 127.0.0.1:8470; port 0 picks one)");
    serve_->add_option("--tls-cert", serve_options_.tls.certificate, "PEM certificate (chain): serve HTTPS only");
    serve_->add_option("--tls-key", serve_options_.tls.key, "PEM private key of --tls-cert");
    serve_->add_option("--threads-per-core", serve_options_.threads_per_core, "Request threads per core (default 2)")
        ->check(CLI::Range(1u, kMostThreadsPerCore));
    add_store_options(serve_, serve_options_.data_dir, serve_options_.database_url);

    auto* sensor = center_->add_subcommand("sensor", "Manage sensors");
    sensor->require_subcommand(1);
    sensor_add_ = sensor->add_subcommand("add", "Register a sensor and print its token");
    sensor_add_->add_option("name", sensor_options_.name, "Sensor name")->required();
    add_store_options(sensor_add_, sensor_options_.data_dir, sensor_options_.database_url);

    auto* user = center_->add_subcommand("user", "Manage users");
    user->require_subcommand(1);
    user_add_ = user->add_subcommand("add", "Add a user (password on standard input) and print the user's token");
    user_add_->add_option("name", user_options_.name, "User name")->required();
    user_add_->add_option("--role", user_options_.role, "admin, analyst or viewer")->required();
    user_add_->add_option("--org", user_options_.organisation, "Organisation of the user (default: default)");
    add_store_options(user_add_, user_options_.data_dir, user_options_.database_url);
    add_sharing_commands();

    auto* feed = center_->add_subcommand("feed", "TAXII feeds polled from remote servers (center.yaml feeds:)");
    feed->require_subcommand(1);
    feed_poll_ = feed->add_subcommand("poll", "Poll one feed now");
    feed_poll_->add_option("name", feed_options_.name, "Feed name")->required();
    feed_poll_->add_option("-c,--config", feed_options_.config_file, "center.yaml")->required();
    add_store_options(feed_poll_, feed_options_.data_dir, feed_options_.database_url);
  }

  int run() override {
    if (serve_->parsed()) return serve();
    if (sensor_add_->parsed()) return add_sensor();
    if (user_add_->parsed()) return add_user();
    if (org_add_->parsed()) return add_organisation();
    if (group_add_->parsed()) return add_group();
    if (collection_add_->parsed()) return add_collection();
    if (import_->parsed()) return import_bundle();
    if (feed_poll_->parsed()) return poll_feed();
    return 0;
  }

 private:
  void add_sharing_commands() {
    auto* org = center_->add_subcommand("org", "Manage organisations");
    org->require_subcommand(1);
    org_add_ = org->add_subcommand("add", "Add an organisation");
    org_add_->add_option("name", sharing_.name, "Organisation name")->required();
    add_store_options(org_add_, sharing_.data_dir, sharing_.database_url);

    auto* group = center_->add_subcommand("group", "Manage sharing groups");
    group->require_subcommand(1);
    group_add_ = group->add_subcommand("add", "Add a sharing group of organisations");
    group_add_->add_option("name", sharing_.name, "Group name")->required();
    group_add_->add_option("--orgs", sharing_.organisations, "Member organisations, comma-separated")->delimiter(',');
    add_store_options(group_add_, sharing_.data_dir, sharing_.database_url);

    auto* collection = center_->add_subcommand("collection", "Manage TAXII collections");
    collection->require_subcommand(1);
    collection_add_ = collection->add_subcommand("add", "Add a TAXII collection and print its id");
    collection_add_->add_option("title", sharing_.name, "Collection title")->required();
    collection_add_->add_option("--description", sharing_.description, "Collection description");
    collection_add_->add_option("--read", sharing_.read_groups, "Groups that may read, comma-separated")->delimiter(',');
    collection_add_->add_option("--write", sharing_.write_groups, "Groups that may write, comma-separated")->delimiter(',');
    add_store_options(collection_add_, sharing_.data_dir, sharing_.database_url);

    import_ = center_->add_subcommand("import", "Import a STIX 2.1 bundle into a collection");
    import_->add_option("file", sharing_.file, "STIX bundle (JSON)")->required();
    import_->add_option("--collection", sharing_.collection, "Collection id")->required();
    import_->add_option("--org", sharing_.organisation, "Publishing organisation (default: default)");
    add_store_options(import_, sharing_.data_dir, sharing_.database_url);
  }

  int add_organisation() {
    auto store = open_store(sharing_.database_url, sharing_.data_dir);
    if (!store) return fail(store.error().detail);
    if (auto added = (*store)->add_organisation(sharing_.name, "cli"); !added) return fail(added.error().detail);
    return 0;
  }

  int add_group() {
    auto store = open_store(sharing_.database_url, sharing_.data_dir);
    if (!store) return fail(store.error().detail);
    if (auto added = (*store)->add_sharing_group(sharing_.name, sharing_.organisations, "cli"); !added)
      return fail(added.error().detail);
    return 0;
  }

  int add_collection() {
    auto store = open_store(sharing_.database_url, sharing_.data_dir);
    if (!store) return fail(store.error().detail);
    auto id = taxii::random_uuid();
    if (!id) return fail("no randomness for the collection id");
    TaxiiCollection collection{*id, sharing_.name, sharing_.description, false, false};
    if (auto added = (*store)->add_collection(collection, sharing_.read_groups, sharing_.write_groups, "cli"); !added)
      return fail(added.error().detail);
    fmt::print("{}\n", collection.id);
    return 0;
  }

  // Imports the valid objects; exit status 1 when any object was rejected.
  int import_bundle() {
    std::ifstream in(sharing_.file, std::ios::binary);
    if (!in) return fail(fmt::format("cannot read {}", sharing_.file));
    std::stringstream text;
    text << in.rdbuf();
    auto incoming = taxii::parse_bundle(text.str());
    if (!incoming) return fail(fmt::format("{}: {}", sharing_.file, incoming.error()));
    auto store = open_store(sharing_.database_url, sharing_.data_dir);
    if (!store) return fail(store.error().detail);
    auto organisation = (*store)->organisation_id(sharing_.organisation);
    if (!organisation) return fail(organisation.error().detail);
    if (!*organisation) return fail(fmt::format("unknown organisation \"{}\"", sharing_.organisation));
    if (!incoming->objects.empty())
      if (auto added = (*store)->add_taxii_objects(sharing_.collection, **organisation, incoming->objects, "cli:import"); !added)
        return fail(added.error().detail);
    for (const auto& failure : incoming->failures)
      fmt::print(stderr, "rampart center: rejected {} ({})\n", failure.id.empty() ? "an object" : failure.id, failure.message);
    fmt::print("imported {} objects into {}, rejected {}\n", incoming->objects.size(), sharing_.collection,
               incoming->failures.size());
    return incoming->failures.empty() ? 0 : 1;
  }

  // One poll of a feed of center.yaml; rejected objects on standard error, exit 1 when the poll failed.
  int poll_feed() {
    CenterConfig config;
    if (auto loaded = load_center_config(feed_options_.config_file, config); !loaded) return fail(loaded.error());
    if (!feed_options_.data_dir.empty()) config.data_dir = feed_options_.data_dir;
    if (!feed_options_.database_url.empty()) config.database_url = feed_options_.database_url;
    auto settings = std::find_if(config.feeds.begin(), config.feeds.end(),
                                 [&](const feeds::FeedSettings& feed) { return feed.name == feed_options_.name; });
    if (settings == config.feeds.end())
      return fail(fmt::format("{}: no feed named \"{}\"", feed_options_.config_file, feed_options_.name));
    auto store = open_store(config.database_url, config.data_dir);
    if (!store) return fail(store.error().detail);
    feeds::FeedPoller poller(*settings, **store,
                             [](const std::string& line) { fmt::print(stderr, "rampart center: {}\n", line); });
    auto polled = poller.poll_once();
    if (!polled) return fail(fmt::format("feed {}: {}", feed_options_.name, polled.error()));
    fmt::print("feed {}: imported {} objects, rejected {} ({} pages)\n", feed_options_.name, polled->imported,
               polled->rejected, polled->pages);
    return 0;
  }

  int serve() {
    CenterConfig config;
    if (!serve_options_.config_file.empty())
      if (auto loaded = load_center_config(serve_options_.config_file, config); !loaded) return fail(loaded.error());
    if (!serve_options_.listen.empty()) config.listen = serve_options_.listen;
    if (serve_options_.tls.enabled()) config.tls = serve_options_.tls;
    if (!serve_options_.data_dir.empty()) config.data_dir = serve_options_.data_dir;
    if (!serve_options_.database_url.empty()) config.database_url = serve_options_.database_url;
    if (serve_options_.threads_per_core) config.threads_per_core = *serve_options_.threads_per_core;
    auto address = parse_listen_address(config.listen);
    if (!address) return fail(address.error());
    auto store = open_store(config.database_url, config.data_dir);
    if (!store) return fail(store.error().detail);
    Metrics metrics;
    std::optional<notify::Notifier> notifier;  // before the router: its correlator announces to it until it stops
    ApiRouter router(**store, metrics, ApiLimits{config.max_decompressed_bytes, config.max_body_bytes}, config.correlation);
    if (config.notifications.enabled()) {
      notifier.emplace(**store, config.notifications, [](const std::string& line) {
        fmt::print(stderr, "rampart center: {}\n", line);
        std::fflush(stderr);
      });
      router.set_notifier(&*notifier);
    }
    auto privacy = privacy::PrivacyFilter::create(config.privacy);
    if (!privacy) return fail(privacy.error());
    router.set_privacy(*privacy);
    feeds::FeedScheduler feed_scheduler(std::move(config.feeds), **store, [](const std::string& line) {
      fmt::print(stderr, "rampart center: {}\n", line);
      std::fflush(stderr);
    });
    router.add_metrics_source([&feed_scheduler] { return feed_scheduler.render_metrics(); });
    if (auto started = router.start_correlation(); !started) return fail(started.error().detail);
    // Request threads per core (docs/center.md, "Ingest speed", ninth round): several
    // sensors' batches are unpacked and parsed at once while the store writes one at a
    // time, and a search waiting for a page from disk does not hold up a core's others.
    ServerOptions options{address->host, address->port, config.max_body_bytes,
                          std::chrono::seconds(config.read_timeout_seconds), config.tls,
                          std::max(1u, std::thread::hardware_concurrency()) * config.threads_per_core};
    auto server = start_http_server(
        options, [&router](const HttpRequest& request) { return router.handle(request); }, metrics);
    if (!server) return fail(server.error());
    fmt::print(stderr, "rampart center: listening on {}:{} ({})\n", address->host, (*server)->port(),
               config.tls.enabled() ? "https" : "http");
    std::fflush(stderr);
    (*server)->run();
    fmt::print(stderr, "rampart center: stopped\n");
    return 0;
  }

  int add_sensor() {
    auto store = open_store(sensor_options_.database_url, sensor_options_.data_dir);
    if (!store) return fail(store.error().detail);
    auto token = generate_api_token();
    if (!token) return fail(token.error().detail);
    auto added = (*store)->add_sensor(sensor_options_.name, token_hash(*token), "cli");
    if (!added) return fail(added.error().detail);
    fmt::print("{}\n", *token);
    return 0;
  }

  int add_user() {
    auto role = parse_role(user_options_.role);
    if (!role || *role == Role::sensor) return fail(fmt::format("bad role \"{}\": use admin, analyst or viewer", user_options_.role));
    std::string password;
    if (!std::getline(std::cin, password) && password.empty()) return fail("no password on standard input");
    if (!password.empty() && password.back() == '\r') password.pop_back();
    if (password.empty()) return fail("the password is empty");
    auto hash = hash_password(password);
    if (!hash) return fail(hash.error().detail);
    auto store = open_store(user_options_.database_url, user_options_.data_dir);
    if (!store) return fail(store.error().detail);
    auto token = generate_api_token();
    if (!token) return fail(token.error().detail);
    if (!user_options_.organisation.empty()) {
      auto organisation = (*store)->organisation_id(user_options_.organisation);
      if (!organisation) return fail(organisation.error().detail);
      if (!*organisation) return fail(fmt::format("unknown organisation \"{}\"", user_options_.organisation));
    }
    auto added = (*store)->add_user(user_options_.name, *role, *hash, token_hash(*token), "cli");
    if (!added) return fail(added.error().detail);
    if (!user_options_.organisation.empty())
      if (auto moved = (*store)->set_user_organisation(user_options_.name, user_options_.organisation, "cli"); !moved)
        return fail(moved.error().detail);
    fmt::print("{}\n", *token);
    return 0;
  }

  CLI::App* center_;
  CLI::App* serve_;
  CLI::App* sensor_add_;
  CLI::App* user_add_;
  CLI::App* org_add_ = nullptr;
  CLI::App* group_add_ = nullptr;
  CLI::App* collection_add_ = nullptr;
  CLI::App* import_ = nullptr;
  CLI::App* feed_poll_ = nullptr;
  FeedPollOptions feed_options_;
  SharingOptions sharing_;
  ServeOptions serve_options_;
  IdentityOptions sensor_options_;
  IdentityOptions user_options_;
};

}  // namespace

std::unique_ptr<CenterCommand> add_center_command(CLI::App& app) { return std::make_unique<CenterCommandImpl>(app); }

}  // namespace rampart::cli
