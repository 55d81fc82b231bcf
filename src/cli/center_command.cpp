#include "cli/center_command.hpp"

#include <fmt/format.h>

#include <iostream>
#include <string>

#include "center/api/api_router.hpp"
#include "center/api/http_server.hpp"
#include "center/center_config.hpp"
#include "center/identity/credentials.hpp"
#include "center/store/open_store.hpp"

namespace rampart::cli {

namespace {

using namespace rampart::center;

struct ServeOptions {
  std::string config_file;
  std::string listen;
  std::string data_dir;
  std::string database_url;
};

struct IdentityOptions {
  std::string name;
  std::string role;
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
    add_store_options(user_add_, user_options_.data_dir, user_options_.database_url);
  }

  int run() override {
    if (serve_->parsed()) return serve();
    if (sensor_add_->parsed()) return add_sensor();
    if (user_add_->parsed()) return add_user();
    return 0;
  }

 private:
  int serve() {
    CenterConfig config;
    if (!serve_options_.config_file.empty())
      if (auto loaded = load_center_config(serve_options_.config_file, config); !loaded) return fail(loaded.error());
    if (!serve_options_.listen.empty()) config.listen = serve_options_.listen;
    if (!serve_options_.data_dir.empty()) config.data_dir = serve_options_.data_dir;
    if (!serve_options_.database_url.empty()) config.database_url = serve_options_.database_url;
    auto address = parse_listen_address(config.listen);
    if (!address) return fail(address.error());
    auto store = open_store(config.database_url, config.data_dir);
    if (!store) return fail(store.error().detail);
    Metrics metrics;
    ApiRouter router(**store, metrics, ApiLimits{config.max_decompressed_bytes}, config.correlation);
    ServerOptions options{address->host, address->port, config.max_body_bytes,
                          std::chrono::seconds(config.read_timeout_seconds)};
    auto server = start_http_server(
        options, [&router](const HttpRequest& request) { return router.handle(request); }, metrics);
    if (!server) return fail(server.error());
    fmt::print(stderr, "rampart center: listening on {}:{}\n", address->host, (*server)->port());
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
    auto added = (*store)->add_user(user_options_.name, *role, *hash, token_hash(*token), "cli");
    if (!added) return fail(added.error().detail);
    fmt::print("{}\n", *token);
    return 0;
  }

  CLI::App* center_;
  CLI::App* serve_;
  CLI::App* sensor_add_;
  CLI::App* user_add_;
  ServeOptions serve_options_;
  IdentityOptions sensor_options_;
  IdentityOptions user_options_;
};

}  // namespace

std::unique_ptr<CenterCommand> add_center_command(CLI::App& app) { return std::make_unique<CenterCommandImpl>(app); }

}  // namespace rampart::cli
