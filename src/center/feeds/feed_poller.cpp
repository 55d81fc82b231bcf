#include "center/feeds/feed_poller.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <cctype>
#include <cstdint>

#include "center/feeds/feed_page.hpp"
#include "center/taxii/taxii_http.hpp"
#include "center/taxii/taxii_query.hpp"

namespace rampart::center::feeds {

namespace {

constexpr auto kRequestTimeout = std::chrono::seconds(60);
// A remote that keeps saying `more` cannot hold a poll forever.
constexpr size_t kMaxPagesPerPoll = 100000;
constexpr size_t kExcerptBytes = 200;

// Percent-encodes everything but unreserved characters (RFC 3986).
std::string query_escape(std::string_view value) {
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') out += static_cast<char>(c);
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

std::string basic_authorization(const std::string& user, const std::string& password) {
  std::string plain = user + ":" + password;
  std::string encoded(4 * ((plain.size() + 2) / 3) + 1, '\0');
  int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                               reinterpret_cast<const unsigned char*>(plain.data()), static_cast<int>(plain.size()));
  encoded.resize(static_cast<size_t>(length));
  return "Basic " + encoded;
}

// The start of a remote's answer, printable, for error messages.
std::string excerpt(std::string_view body) {
  std::string out;
  for (unsigned char c : body.substr(0, kExcerptBytes)) out += std::isprint(c) ? static_cast<char>(c) : '.';
  return body.size() > kExcerptBytes ? out + "..." : out;
}

}  // namespace

FeedPoller::FeedPoller(FeedSettings settings, Store& store, Reporter report)
    : settings_(std::move(settings)), store_(store), report_(std::move(report)) {}

FeedPoller::~FeedPoller() = default;

std::expected<PollSummary, std::string> FeedPoller::poll_once(const StopRequested& stop) {
  counters_.polls.fetch_add(1, std::memory_order_relaxed);
  auto summary = poll_pages(stop);
  if (!summary) counters_.errors.fetch_add(1, std::memory_order_relaxed);
  return summary;
}

std::expected<upload::HttpResponse, std::string> FeedPoller::fetch(const std::string& added_after,
                                                                   const std::string& next) {
  if (!client_) {
    auto created = upload::HttpPoster::create(settings_.objects_url, settings_.ca_file);
    if (!created) return std::unexpected(created.error());
    client_ = std::move(*created);
  }
  std::string query;
  auto add = [&query](std::string_view name, std::string_view value) {
    query += fmt::format("{}{}={}", query.empty() ? "?" : "&", name, query_escape(value));
  };
  if (!added_after.empty()) add("added_after", added_after);
  if (!next.empty()) add("next", next);
  if (settings_.limit) add("limit", std::to_string(*settings_.limit));
  upload::HeaderList headers{{"Accept", std::string(taxii::kTaxiiMediaType)}, {"User-Agent", "rampart-center"}};
  if (!settings_.token.empty()) headers.emplace_back("Authorization", "Bearer " + settings_.token);
  else if (!settings_.username.empty())
    headers.emplace_back("Authorization", basic_authorization(settings_.username, settings_.password));
  return client_->get("/" + query, headers, kRequestTimeout);
}

std::expected<PollSummary, std::string> FeedPoller::poll_pages(const StopRequested& stop) {
  auto organisation = store_.organisation_id(settings_.organisation);
  if (!organisation) return std::unexpected(organisation.error().detail);
  if (!*organisation) return std::unexpected(fmt::format("unknown organisation \"{}\"", settings_.organisation));
  auto position = store_.feed_position(settings_.name);
  if (!position) return std::unexpected(position.error().detail);
  std::string added_after = position->value_or("");
  int64_t saved_ns = added_after.empty() ? INT64_MIN : taxii::timestamp_ns(added_after).value_or(INT64_MIN);
  std::string next;
  PollSummary summary;
  while (!stop || !stop()) {
    if (summary.pages == kMaxPagesPerPoll) return std::unexpected(fmt::format("more than {} pages in one poll", kMaxPagesPerPoll));
    auto response = fetch(added_after, next);
    if (!response) return std::unexpected(response.error());
    if (response->status != 200)
      return std::unexpected(fmt::format("the remote answered HTTP {}: {}", response->status, excerpt(response->body)));
    auto page = parse_feed_page(response->body, response->headers);
    if (!page) return std::unexpected(fmt::format("bad answer from the remote: {}", page.error()));
    ++summary.pages;
    const auto& objects = page->incoming.objects;
    if (!objects.empty())
      if (auto stored = store_.add_taxii_objects(settings_.into_collection, **organisation, objects, "feed:" + settings_.name);
          !stored)
        return std::unexpected(fmt::format("cannot store the objects: {}", stored.error().detail));
    summary.imported += objects.size();
    counters_.imported.fetch_add(objects.size(), std::memory_order_relaxed);
    for (const auto& failure : page->incoming.failures)
      report_(fmt::format("feed {}: rejected {} ({})", settings_.name, failure.id.empty() ? "an object" : failure.id,
                          failure.message));
    summary.rejected += page->incoming.failures.size();
    counters_.rejected.fetch_add(page->incoming.failures.size(), std::memory_order_relaxed);
    // Saved only once the page's objects are stored: a crash in between polls them again, which stores nothing twice.
    if (!page->added_last.empty()) {
      int64_t last_ns = *taxii::timestamp_ns(page->added_last);
      if (last_ns > saved_ns) {
        if (auto saved = store_.save_feed_position(settings_.name, page->added_last); !saved)
          return std::unexpected(saved.error().detail);
        saved_ns = last_ns;
      }
    }
    if (!page->more) break;
    if (!page->next.empty() && page->next != next) {
      next = page->next;
    } else if (page->next.empty() && !page->added_last.empty() && page->added_last != added_after) {
      added_after = page->added_last;  // paging by added_after, for servers that give no next
      next.clear();
    } else {
      return std::unexpected("the remote says more but gives neither a new next nor a later X-TAXII-Date-Added-Last");
    }
  }
  return summary;
}

}  // namespace rampart::center::feeds
