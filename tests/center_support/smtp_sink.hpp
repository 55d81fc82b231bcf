#pragma once
// An SMTP server for tests (Boost.Asio, one thread, 127.0.0.1 and a free port): it
// speaks enough SMTP for a client such as libcurl (EHLO, MAIL, RCPT, DATA, RSET,
// NOOP, QUIT; no STARTTLS, no AUTH), answers the i-th RCPT with the i-th of the
// replies it was given (the last one for any further RCPT) and keeps every message
// it accepted with its envelope.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace rampart::center::testing {

struct ReceivedMail {
  std::string mail_from;             // the MAIL command's argument ("FROM:<a@b>")
  std::vector<std::string> rcpt_to;  // the RCPT commands' arguments ("TO:<c@d>")
  std::string data;                  // the message as sent, without the final "."
};

class SmtpSink {
 public:
  explicit SmtpSink(std::vector<std::string> rcpt_replies);
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  uint16_t port() const { return acceptor_.local_endpoint().port(); }

  // Waits up to 20 s for `count` accepted messages; returns those received so far.
  std::vector<ReceivedMail> wait_for(size_t count);

 private:
  void serve();
  void converse(boost::asio::ip::tcp::socket& socket);

  std::vector<std::string> rcpt_replies_;
  size_t rcpts_seen_ = 0;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<ReceivedMail> mails_;
  std::thread thread_;
};

}  // namespace rampart::center::testing
