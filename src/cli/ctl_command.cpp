#include "cli/ctl_command.hpp"

#include <fmt/format.h>

#include <boost/asio.hpp>
#include <cstdio>
#include <expected>
#include <nlohmann/json.hpp>

namespace rampart::cli {

namespace {

namespace asio = boost::asio;
using Local = asio::local::stream_protocol;

constexpr int kNok = 1, kUnreachable = 2;

// One request and its reply line over a connected socket.
std::expected<nlohmann::json, std::string> exchange(Local::socket& socket, std::string& buffer,
                                                    const nlohmann::json& request) {
  boost::system::error_code ec;
  asio::write(socket, asio::buffer(request.dump() + "\n"), ec);
  if (ec) return std::unexpected(fmt::format("cannot send: {}", ec.message()));
  size_t line = asio::read_until(socket, asio::dynamic_buffer(buffer), '\n', ec);
  if (ec) return std::unexpected(fmt::format("no reply: {}", ec.message()));
  auto reply = nlohmann::json::parse(buffer.substr(0, line), nullptr, false);
  buffer.erase(0, line);
  if (reply.is_discarded() || !reply.is_object() || !reply.contains("return"))
    return std::unexpected("the reply is not a control protocol message");
  return reply;
}

class CtlCommandImpl final : public CtlCommand {
 public:
  explicit CtlCommandImpl(CLI::App& app) : cmd_(app.add_subcommand("ctl", "Send a command to a running sensor's control socket")) {
    cmd_->add_option("--socket", socket_path_, "The sensor's control socket (sense --unix-socket)")->required();
    cmd_->add_option("command", command_, "reload-rules, ruleset-reload-time, ruleset-stats, version, uptime, shutdown, "
                                          "command-list")->required();
    cmd_->add_option("arguments", arguments_, "Command arguments as NAME=VALUE");
  }

  int run() override {
    if (!cmd_->parsed()) return 0;
    nlohmann::json args = nlohmann::json::object();
    for (const auto& a : arguments_) {
      auto eq = a.find('=');
      if (eq == std::string::npos || eq == 0) return fail(fmt::format("argument '{}': expected NAME=VALUE", a));
      args[a.substr(0, eq)] = a.substr(eq + 1);
    }
    asio::io_context io;
    Local::socket socket(io);
    boost::system::error_code ec;
    socket.connect(Local::endpoint(socket_path_), ec);
    if (ec) return fail(fmt::format("{}: cannot connect: {}", socket_path_, ec.message()));
    std::string buffer;
    auto hello = exchange(socket, buffer, {{"version", "0.2"}});
    if (!hello) return fail(hello.error());
    if ((*hello)["return"] != "OK") {
      fmt::print("{}\n", hello->dump());
      return kNok;
    }
    nlohmann::json request{{"command", command_}};
    if (!args.empty()) request["arguments"] = args;
    auto reply = exchange(socket, buffer, request);
    if (!reply) return fail(reply.error());
    fmt::print("{}\n", reply->dump());
    return (*reply)["return"] == "OK" ? 0 : kNok;
  }

 private:
  static int fail(const std::string& message) {
    fmt::print(stderr, "rampart ctl: error: {}\n", message);
    return kUnreachable;
  }

  CLI::App* cmd_;
  std::string socket_path_;
  std::string command_;
  std::vector<std::string> arguments_;
};

}  // namespace

std::unique_ptr<CtlCommand> add_ctl_command(CLI::App& app) { return std::make_unique<CtlCommandImpl>(app); }

}  // namespace rampart::cli
