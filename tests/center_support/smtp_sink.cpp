#include "center_support/smtp_sink.hpp"

#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <algorithm>
#include <istream>

namespace rampart::center::testing {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

void reply(tcp::socket& socket, const std::string& line) {
  boost::system::error_code ignored;
  asio::write(socket, asio::buffer(line + "\r\n"), ignored);
}

}  // namespace

SmtpSink::SmtpSink(std::vector<std::string> rcpt_replies)
    : rcpt_replies_(std::move(rcpt_replies)), acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
  thread_ = std::thread([this] { serve(); });
}

SmtpSink::~SmtpSink() {
  stopping_ = true;
  boost::system::error_code ignored;
  tcp::socket poke(io_);
  poke.connect(acceptor_.local_endpoint(), ignored);
  thread_.join();
}

std::vector<ReceivedMail> SmtpSink::wait_for(size_t count) {
  std::unique_lock lock(mutex_);
  arrived_.wait_for(lock, std::chrono::seconds(20), [&] { return mails_.size() >= count; });
  return mails_;
}

void SmtpSink::serve() {
  while (!stopping_) {
    tcp::socket socket(io_);
    boost::system::error_code ec;
    acceptor_.accept(socket, ec);
    if (ec || stopping_) continue;
    converse(socket);
  }
}

void SmtpSink::converse(tcp::socket& socket) {
  asio::streambuf input;
  boost::system::error_code ec;
  ReceivedMail mail;
  reply(socket, "220 sink.test ESMTP");
  while (true) {
    asio::read_until(socket, input, "\r\n", ec);
    if (ec) return;
    std::string line;
    std::istream stream(&input);
    std::getline(stream, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string verb = line.substr(0, 4);
    std::string argument = line.size() > 5 ? line.substr(5) : std::string();
    if (verb == "EHLO") {
      reply(socket, "250-sink.test\r\n250 8BITMIME");
    } else if (verb == "MAIL") {
      mail = ReceivedMail{argument, {}, {}};
      reply(socket, "250 sender ok");
    } else if (verb == "RCPT") {
      mail.rcpt_to.push_back(argument);
      reply(socket, rcpt_replies_[std::min(rcpts_seen_++, rcpt_replies_.size() - 1)]);
    } else if (verb == "DATA") {
      reply(socket, "354 end with .");
      asio::read_until(socket, input, "\r\n.\r\n", ec);
      if (ec) return;
      std::string all(asio::buffers_begin(input.data()), asio::buffers_end(input.data()));
      auto end = all.find("\r\n.\r\n");
      mail.data = all.substr(0, end + 2);
      input.consume(end + 5);
      reply(socket, "250 queued");
      {
        std::lock_guard lock(mutex_);
        mails_.push_back(mail);
      }
      arrived_.notify_all();
    } else if (verb == "RSET" || verb == "NOOP") {
      reply(socket, "250 ok");
    } else if (verb == "QUIT") {
      reply(socket, "221 bye");
      return;
    } else {
      reply(socket, "502 not implemented");
    }
  }
}

}  // namespace rampart::center::testing
