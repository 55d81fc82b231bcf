#include "intel_match/indicator_poller.hpp"

#include <fmt/format.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>

namespace rampart::intel_match {

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

constexpr auto kTimeout = std::chrono::seconds(60);
constexpr uint64_t kMaxBody = 1ULL << 31;

int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Percent-encodes what is not unreserved, for the since parameter.
std::string query_escape(std::string_view value) {
  std::string out;
  for (char c : value) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
                 c == '_' || c == '~';
    out += plain ? std::string(1, c) : fmt::format("%{:02X}", static_cast<unsigned char>(c));
  }
  return out;
}

}  // namespace

std::expected<CenterEndpoint, std::string> parse_center_url(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme))
    return std::unexpected(fmt::format("center URL {}: only http://host[:port][/prefix] is supported", url));
  url.remove_prefix(kScheme.size());
  auto slash = url.find('/');
  std::string_view authority = url.substr(0, slash);
  CenterEndpoint center;
  if (slash != std::string_view::npos) center.prefix = std::string(url.substr(slash));
  while (!center.prefix.empty() && center.prefix.back() == '/') center.prefix.pop_back();
  auto colon = authority.rfind(':');
  auto bracket = authority.rfind(']');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || bracket < colon)) {
    center.port = std::string(authority.substr(colon + 1));
    authority = authority.substr(0, colon);
  }
  if (authority.starts_with('[') && authority.ends_with(']')) authority = authority.substr(1, authority.size() - 2);
  center.host = std::string(authority);
  if (center.host.empty()) return std::unexpected("center URL has no host");
  if (center.port.empty() || center.port.find_first_not_of("0123456789") != std::string::npos)
    return std::unexpected(fmt::format("center URL has a bad port \"{}\"", center.port));
  return center;
}

IndicatorPoller::IndicatorPoller(CenterEndpoint center, std::string token, IndicatorHandle& handle,
                                 IndicatorLibrary library, Reporter report)
    : center_(std::move(center)),
      token_(std::move(token)),
      handle_(handle),
      library_(std::move(library)),
      report_(std::move(report)) {}

IndicatorPoller::~IndicatorPoller() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::expected<std::string, std::string> IndicatorPoller::fetch(const std::string& since) const {
  try {
    boost::asio::io_context io;
    beast::tcp_stream stream(io);
    tcp::resolver resolver(io);
    stream.expires_after(kTimeout);
    stream.connect(resolver.resolve(center_.host, center_.port));
    auto target = center_.prefix + "/api/v1/sensor/indicators";
    if (!since.empty()) target += "?since=" + query_escape(since);
    http::request<http::empty_body> request{http::verb::get, target, 11};
    request.set(http::field::host, center_.host);
    request.set(http::field::authorization, "Bearer " + token_);
    request.set(http::field::accept, "application/json");
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxBody);
    http::read(stream, buffer, parser);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    const auto& response = parser.get();
    if (response.result() != http::status::ok)
      return std::unexpected(fmt::format("center answered {}: {}", response.result_int(), response.body()));
    return response.body();
  } catch (const boost::system::system_error& error) {
    // Asio reports network failures by exception; they leave here as values.
    return std::unexpected(fmt::format("center {}:{}: {}", center_.host, center_.port, error.code().message()));
  }
}

std::expected<PollResult, std::string> IndicatorPoller::poll_once() {
  PollResult result;
  bool more = true;
  while (more) {
    auto body = fetch(library_.version());
    if (!body) return std::unexpected(body.error());
    auto page = intel::parse_feed_page(*body);
    if (!page) return std::unexpected("bad indicator page from the center: " + page.error());
    ++result.pages;
    result.changed += page->indicators.size();
    result.removed += page->removed.size();
    more = page->more;
    library_.apply(*page);
  }
  result.removed += library_.expire(now_us());
  if (!published_ || result.changed + result.removed > 0) {
    handle_.publish(library_.build(now_us()));
    published_ = true;
  }
  return result;
}

void IndicatorPoller::start(std::chrono::seconds interval) {
  thread_ = std::thread([this, interval] { run(interval); });
}

void IndicatorPoller::run(std::chrono::seconds interval) {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, interval, [this] { return stop_; })) {
    lock.unlock();
    if (auto polled = poll_once(); !polled)
      report_(polled.error());
    else if (polled->changed + polled->removed > 0)
      report_(fmt::format("indicators updated: {} changed, {} removed, {} in force", polled->changed, polled->removed,
                          library_.size()));
    lock.lock();
  }
}

}  // namespace rampart::intel_match
