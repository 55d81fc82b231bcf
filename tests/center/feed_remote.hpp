#pragma once
// A TAXII server stand-in for the feed tests: a loopback HTTP/1.1 listener on a
// thread of its own that hands each request to a handler (the center's ApiRouter for
// a real remote, or a lambda that answers 500 or garbage) and closes the connection
// after each answer. It keeps the targets and Accept headers it received.
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "center/api/http_types.hpp"

namespace rampart::center::testing {

class FeedRemote {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  explicit FeedRemote(Handler handler)
      : handler_(std::move(handler)),
        acceptor_(io_, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)) {
    thread_ = std::thread([this] { serve(); });
  }
  ~FeedRemote() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    boost::system::error_code ignored;
    boost::asio::ip::tcp::socket wake(io_);
    wake.connect(acceptor_.local_endpoint(), ignored);
    thread_.join();
  }
  FeedRemote(const FeedRemote&) = delete;
  FeedRemote& operator=(const FeedRemote&) = delete;

  uint16_t port() const { return acceptor_.local_endpoint().port(); }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port()) + path; }

  struct Seen {
    std::string target;
    std::string accept;
  };
  std::vector<Seen> requests() const {
    std::lock_guard lock(mutex_);
    return seen_;
  }

 private:
  void serve() {
    namespace http = boost::beast::http;
    while (true) {
      boost::asio::ip::tcp::socket socket(io_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
      }
      if (ec) continue;
      boost::beast::flat_buffer buffer;
      http::request<http::string_body> received;
      http::read(socket, buffer, received, ec);
      if (ec) continue;
      HttpRequest request{std::string(received.method_string()), std::string(received.target()),
                          std::string(received[http::field::authorization]), std::string(received[http::field::content_type]),
                          "", "", std::string(received[http::field::accept]), received.body()};
      {
        std::lock_guard lock(mutex_);
        seen_.push_back({request.target, request.accept});
      }
      HttpResponse answer = handler_(request);
      http::response<http::string_body> response{static_cast<http::status>(answer.status), 11};
      response.set(http::field::content_type, answer.content_type);
      for (const auto& [name, value] : answer.headers) response.set(name, value);
      response.body() = answer.body;
      response.keep_alive(false);
      response.prepare_payload();
      http::write(socket, response, ec);
    }
  }

  Handler handler_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  mutable std::mutex mutex_;
  bool stopping_ = false;
  std::vector<Seen> seen_;
  std::thread thread_;
};

}  // namespace rampart::center::testing
