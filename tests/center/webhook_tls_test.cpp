// https webhooks: a POST reaches a TLS receiver inside the test (Boost.Beast over
// OpenSSL, certificate made by `openssl req` at test time) when the webhook's CA
// file holds that certificate; with a CA that did not sign it, the delivery fails
// on verification and the receiver sees no request.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "center/notify/webhook.hpp"
#include "temp_dir.hpp"

namespace rampart::center::notify {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

// A self-signed certificate for 127.0.0.1: false when openssl could not make it.
bool make_certificate(const std::filesystem::path& dir, const std::string& stem) {
  std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
                    "-addext subjectAltName=IP:127.0.0.1 -keyout '" + (dir / (stem + ".key")).string() + "' -out '" +
                    (dir / (stem + ".crt")).string() + "' 2>/dev/null";
  return std::system(cmd.c_str()) == 0;
}

// Answers every request 204 over TLS and keeps the bodies it read.
class TlsReceiver {
 public:
  explicit TlsReceiver(const std::filesystem::path& dir)
      : tls_(ssl::context::tls_server), acceptor_(context_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    tls_.use_certificate_chain_file((dir / "receiver.crt").string());
    tls_.use_private_key_file((dir / "receiver.key").string(), ssl::context::pem);
    thread_ = std::thread([this] { serve(); });
  }
  ~TlsReceiver() {
    stopping_ = true;
    beast::error_code ignored;
    tcp::socket poke(context_);
    poke.connect(acceptor_.local_endpoint(), ignored);
    thread_.join();
  }
  uint16_t port() const { return acceptor_.local_endpoint().port(); }
  std::vector<std::string> bodies() {
    std::lock_guard lock(mutex_);
    return bodies_;
  }

 private:
  void serve() {
    while (!stopping_) {
      tcp::socket socket(context_);
      beast::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stopping_) continue;
      beast::ssl_stream<tcp::socket> stream(std::move(socket), tls_);
      stream.handshake(ssl::stream_base::server, ec);
      if (ec) continue;  // the client refused our certificate
      beast::flat_buffer buffer;
      http::request<http::string_body> request;
      http::read(stream, buffer, request, ec);
      if (ec) continue;
      {
        std::lock_guard lock(mutex_);
        bodies_.push_back(request.body());
      }
      http::response<http::empty_body> response{http::status::no_content, 11};
      http::write(stream, response, ec);
      stream.shutdown(ec);
    }
  }

  asio::io_context context_;
  ssl::context tls_;
  tcp::acceptor acceptor_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::vector<std::string> bodies_;
  std::thread thread_;
};

TEST(HttpsWebhook, DeliversToAServerTheCaFileTrustsAndRefusesOtherwise) {
  testing::TempDir dir;
  if (!make_certificate(dir.path(), "receiver") || !make_certificate(dir.path(), "other"))
    GTEST_SKIP() << "openssl could not make a test certificate";
  TlsReceiver receiver(dir.path());
  auto url = parse_webhook_url("https://127.0.0.1:" + std::to_string(receiver.port()) + "/hook?x=1");
  ASSERT_TRUE(url) << url.error();
  const std::chrono::milliseconds timeout(5000);

  auto delivered = post_json(*url, R"({"event":"incident.created"})", "", (dir.path() / "receiver.crt").string(), timeout);
  EXPECT_TRUE(delivered) << delivered.error();
  EXPECT_EQ(receiver.bodies(), std::vector<std::string>{R"({"event":"incident.created"})"});

  auto refused = post_json(*url, "{}", "", (dir.path() / "other.crt").string(), timeout);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().find("certificate"), std::string::npos) << refused.error();
  EXPECT_EQ(receiver.bodies().size(), 1u);
}

}  // namespace
}  // namespace rampart::center::notify
