#include "center/api/http_server.hpp"

#include <fmt/format.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <algorithm>
#include <array>
#include <atomic>
#include <csignal>
#include <list>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "center/api/tls_context.hpp"

namespace rampart::center {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

constexpr uint32_t kHeaderLimit = 16 * 1024;
// Each read from the socket takes up to this much. The buffer keeps its capacity, and
// Beast reads only what fits (512 bytes when it is empty): a batch would take a read
// per 512 bytes, each queued behind every other connection's work.
constexpr size_t kReadChunk = 64 * 1024;
// A closing TLS connection sends its close_notify and waits this long for the
// peer's, so an idle client cannot hold up a shutdown.
constexpr std::chrono::seconds kTlsCloseTimeout{1};

struct ServerState {
  ServerOptions options;
  RequestHandler handler;
  Metrics& metrics;
  std::atomic<bool> stopping = false;  // set on the acceptor's thread, read on the sessions'
};

// The body is moved out of the parsed request, not copied (a batch is up to max_body_bytes).
HttpRequest to_api_request(http::request<http::string_body>& request) {
  auto header = [&](auto field) { return std::string(request[field]); };
  return HttpRequest{.method = std::string(request.method_string()),
                     .target = std::string(request.target()),
                     .authorization = header(http::field::authorization),
                     .content_type = header(http::field::content_type),
                     .content_encoding = header(http::field::content_encoding),
                     .batch_header = std::string(request["X-Rampart-Batch"]),
                     .accept = header(http::field::accept),
                     .body = std::move(request.body())};
}

// A parse error of the request itself, as opposed to the peer closing or a timeout.
bool is_malformed_request(const beast::error_code& ec) {
  static const auto& http_errors = beast::error_code(http::error::end_of_stream).category();
  return ec && ec.category() == http_errors && ec != http::error::end_of_stream && ec != http::error::partial_message;
}

// What the server needs of a session at shutdown, whatever its transport.
class StoppableSession {
 public:
  virtual ~StoppableSession() = default;
  virtual void stop_if_idle() = 0;
};

// One connection; Stream is beast::tcp_stream (plain HTTP) or TlsStream, chosen at
// compile time so the plain path pays nothing for TLS.
template <class Stream>
class Session final : public StoppableSession, public std::enable_shared_from_this<Session<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

 public:
  template <class... StreamArgs>
  explicit Session(ServerState& state, StreamArgs&&... stream_args)
      : stream_(std::forward<StreamArgs>(stream_args)...), state_(state) {
    state_.metrics.connection_opened();
  }
  ~Session() override { state_.metrics.connection_closed(); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start() {
    if constexpr (kTls) {
      reading_ = true;
      tcp_layer().expires_after(state_.options.read_timeout);
      stream_.async_handshake(ssl::stream_base::server, [self = this->shared_from_this()](beast::error_code ec) {
        self->reading_ = false;
        // A failed handshake (a plain-HTTP client, an untrusted peer) ends this connection only.
        if (ec) return self->close_transport();
        self->read();
      });
    } else {
      read();
    }
  }

  // Shutdown: a connection waiting for its next request is closed now; one with a
  // request in progress closes after the response. Runs on the session's thread.
  void stop_if_idle() override {
    asio::post(tcp_layer().get_executor(), [self = this->shared_from_this()] {
      if (self->reading_) self->close_transport();
    });
  }

 private:
  beast::tcp_stream& tcp_layer() { return beast::get_lowest_layer(stream_); }

  void close_transport() {
    beast::error_code ignored;
    tcp_layer().socket().shutdown(tcp::socket::shutdown_both, ignored);
    tcp_layer().socket().close(ignored);
  }

  void read() {
    parser_.emplace();
    parser_->body_limit(state_.options.max_body_bytes);
    parser_->header_limit(kHeaderLimit);
    buffer_.clear();
    buffer_.reserve(kReadChunk);
    reading_ = true;
    tcp_layer().expires_after(state_.options.read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    reading_ = false;
    if (ec == http::error::body_limit || ec == http::error::header_limit) {
      auto response = json_error(413, "payload too large",
                                 fmt::format("requests are limited to {} body bytes and {} header bytes",
                                             state_.options.max_body_bytes, kHeaderLimit));
      state_.metrics.count_response(413);
      return write(response, 11, false, true);
    }
    if (is_malformed_request(ec)) {
      state_.metrics.count_response(400);
      return write(json_error(400, "bad request", ec.message()), 11, false, true);
    }
    if (ec) return close();
    auto& request = parser_->get();
    unsigned version = request.version();
    bool keep_alive = request.keep_alive() && !state_.stopping;
    write(handle(request), version, keep_alive);
  }

  // unread_input: the request was not read to its end, so the connection closes
  // lingering (see linger_close).
  // Handlers report errors as responses; an exception escaping one is a bug, which
  // costs that request a 500 instead of the whole server.
  HttpResponse handle(http::request<http::string_body>& request) {
    try {
      return state_.handler(to_api_request(request));
    } catch (const std::exception& e) {
      state_.metrics.count_response(500);
      return json_error(500, "internal error", e.what());
    }
  }

  void write(HttpResponse api_response, unsigned version, bool keep_alive, bool unread_input = false) {
    response_ = {};
    response_.version(version);
    response_.result(api_response.status);
    response_.set(http::field::server, "rampart-center");
    response_.set(http::field::content_type, api_response.content_type);
    if (!api_response.allow.empty()) response_.set(http::field::allow, api_response.allow);
    if (api_response.bearer_challenge) response_.set(http::field::www_authenticate, "Bearer");
    for (const auto& [name, value] : api_response.headers) response_.insert(name, value);
    response_.body() = std::move(api_response.body);
    response_.keep_alive(keep_alive);
    response_.prepare_payload();
    tcp_layer().expires_after(state_.options.read_timeout);
    http::async_write(stream_, response_,
                      [self = this->shared_from_this(), keep_alive, unread_input](beast::error_code ec, size_t) {
                        if (!ec && unread_input) return self->linger_close();
                        if (ec || !keep_alive || self->state_.stopping) return self->close();
                        self->read();
                      });
  }

  // Closing a socket with unread input sends a reset that can destroy the response
  // before the client reads it; so stop sending, drain what the client still sends
  // (bounded by the read timeout) and close at its end of stream. Over TLS the
  // drained bytes are records nobody decrypts: the response is already complete.
  void linger_close() {
    beast::error_code ignored;
    tcp_layer().socket().shutdown(tcp::socket::shutdown_send, ignored);
    tcp_layer().expires_after(state_.options.read_timeout);
    drain();
  }

  void drain() {
    tcp_layer().async_read_some(asio::buffer(drain_), [self = this->shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->close_transport();
      self->drain();
    });
  }

  void close() {
    if constexpr (kTls) {
      tcp_layer().expires_after(kTlsCloseTimeout);
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) { self->close_transport(); });
    } else {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      stream_.close();
    }
  }

  Stream stream_;
  ServerState& state_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
  bool reading_ = false;
  std::array<char, 4096> drain_{};
};

class BeastServer final : public HttpServer {
 public:
  BeastServer(const ServerOptions& options, RequestHandler handler, Metrics& metrics)
      : contexts_(make_contexts(options.threads)),
        state_{options, std::move(handler), metrics, false},
        acceptor_(*contexts_.front()),
        signals_(*contexts_.front(), SIGINT, SIGTERM) {
    for (size_t i = 1; i < contexts_.size(); ++i) idle_guards_.emplace_back(contexts_[i]->get_executor());
  }

  std::expected<void, std::string> listen() {
    if (state_.options.tls.enabled()) {
      auto context = make_server_tls_context(state_.options.tls);
      if (!context) return std::unexpected(context.error());
      tls_ = std::move(*context);
    }
    beast::error_code ec;
    auto address = asio::ip::make_address(state_.options.host, ec);
    if (ec) return std::unexpected(fmt::format("bad listen address {}: {}", state_.options.host, ec.message()));
    tcp::endpoint endpoint(address, state_.options.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (!ec) acceptor_.non_blocking(true, ec);  // accept_waiting() stops at an empty backlog
    if (ec) return std::unexpected(fmt::format("cannot listen on {}:{}: {}", state_.options.host, state_.options.port, ec.message()));
    port_ = acceptor_.local_endpoint().port();
    return {};
  }

  uint16_t port() const override { return port_; }

  void run() override {
    signals_.async_wait([this](beast::error_code ec, int) {
      if (!ec) stop();
    });
    accept();
    std::vector<std::thread> more;
    for (size_t i = 1; i < contexts_.size(); ++i) more.emplace_back([context = contexts_[i].get()] { context->run(); });
    contexts_.front()->run();
    for (auto& thread : more) thread.join();
  }

 private:
  // One I/O context per thread, and each connection stays on the one it is given, in
  // turn: a thread serves its connections' requests in the order they arrive (with
  // the accepts below, p99 of the keyed searches under 64 connections fell from
  // 132-196 ms to 33-46 ms; docs/center.md, eleventh round). The acceptor, the
  // signals and sessions_ live on the first context.
  static std::vector<std::unique_ptr<asio::io_context>> make_contexts(unsigned threads) {
    std::vector<std::unique_ptr<asio::io_context>> contexts;
    for (unsigned i = 0; i < std::max(1u, threads); ++i) contexts.push_back(std::make_unique<asio::io_context>(1));
    return contexts;
  }

  asio::io_context& next_context() { return *contexts_[next_context_++ % contexts_.size()]; }

  void accept() {
    acceptor_.async_accept(next_context(), [this](beast::error_code ec, tcp::socket socket) {
      if (ec) {
        if (!state_.stopping && ec != asio::error::operation_aborted) accept();
        return;
      }
      sessions_.remove_if([](const std::weak_ptr<StoppableSession>& s) { return s.expired(); });
      start_session(std::move(socket));
      accept_waiting();
      accept();
    });
  }

  // Takes every connection already waiting in the listen backlog. Accepted one per
  // handler, each waited for a turn of its context's queue of busy requests, and the last of
  // 64 connections opened at once sent its first request 0.3-0.8 s late.
  void accept_waiting() {
    while (!state_.stopping) {
      beast::error_code ec;
      tcp::socket socket = acceptor_.accept(next_context(), ec);
      if (ec) return;  // would block: the backlog is empty
      start_session(std::move(socket));
    }
  }

  void start_session(tcp::socket socket) {
    if (tls_) start_session(std::make_shared<Session<TlsStream>>(state_, std::move(socket), *tls_));
    else start_session(std::make_shared<Session<beast::tcp_stream>>(state_, std::move(socket)));
  }

  template <class SessionType>
  void start_session(std::shared_ptr<SessionType> session) {
    sessions_.push_back(session);
    session->start();
  }

  void stop() {
    state_.stopping = true;
    beast::error_code ignored;
    acceptor_.close(ignored);
    idle_guards_.clear();
    for (auto& weak : sessions_)
      if (auto session = weak.lock()) session->stop_if_idle();
  }

  std::vector<std::unique_ptr<asio::io_context>> contexts_;
  // Keep the other contexts running while they have no connection, until shutdown.
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> idle_guards_;
  size_t next_context_ = 0;
  std::unique_ptr<ssl::context> tls_;  // null: plain HTTP
  ServerState state_;
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  std::list<std::weak_ptr<StoppableSession>> sessions_;
  uint16_t port_ = 0;
};

}  // namespace

std::expected<std::unique_ptr<HttpServer>, std::string> start_http_server(const ServerOptions& options,
                                                                          RequestHandler handler, Metrics& metrics) {
  auto server = std::make_unique<BeastServer>(options, std::move(handler), metrics);
  if (auto listening = server->listen(); !listening) return std::unexpected(listening.error());
  return std::unique_ptr<HttpServer>(std::move(server));
}

}  // namespace rampart::center
