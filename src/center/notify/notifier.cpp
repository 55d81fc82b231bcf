#include "center/notify/notifier.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <set>

#include "center/incidents/classification.hpp"
#include "center/ingest/eve_time.hpp"

namespace rampart::center::notify {

namespace {

std::string_view level_text(int level) { return incidents::level_name(static_cast<incidents::IncidentLevel>(level)); }

// The national grading's words for each level.
std::string level_with_meaning(int level) {
  static constexpr std::array<std::string_view, 4> kMeanings{"particularly major", "major", "large", "general"};
  auto index = static_cast<size_t>(std::clamp(level, 1, 4) - 1);
  return fmt::format("{} ({})", level_text(level), kMeanings[index]);
}

// Alerts read to list an incident's assets: enough for a message, bounded for a large incident.
constexpr size_t kMaxAlertsForAssets = 500;
constexpr size_t kMaxAssetsListed = 20;

std::vector<std::string> incident_assets(Store& store, const IncidentRecord& incident) {
  std::vector<int64_t> ids(incident.alert_ids.begin(),
                           incident.alert_ids.begin() +
                               static_cast<std::ptrdiff_t>(std::min(incident.alert_ids.size(), kMaxAlertsForAssets)));
  auto alerts = store.alerts_by_id(ids);
  if (!alerts) return {};
  std::set<std::string> assets;
  for (const auto& alert : *alerts)
    if (!alert.alert.dest_ip.empty()) assets.insert(alert.alert.dest_ip);
  return {assets.begin(), assets.end()};
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

}  // namespace

std::string notice_body(const IncidentNotice& notice, const IncidentRecord& incident) {
  nlohmann::json body{{"event", notice.event == IncidentEvent::created ? "incident.created" : "incident.escalated"},
                      {"incident",
                       {{"id", incident.id},
                        {"title", incident.title},
                        {"state", incidents::state_name(incident.state)},
                        {"category", incident.category},
                        {"level", level_text(incident.level)},
                        {"created", format_utc_time(incident.created_us)},
                        {"deadline", format_utc_time(incident.deadline_us)}}}};
  if (notice.previous_level) body["previous_level"] = level_text(*notice.previous_level);
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

EmailMessage notice_email(const IncidentNotice& notice, const IncidentRecord& incident,
                          const std::vector<std::string>& assets, const std::string& link) {
  bool created = notice.event == IncidentEvent::created;
  // The title is an analyst's or a rule's text: a line break in it must not reshape the message.
  std::string title = incident.title;
  std::replace_if(title.begin(), title.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
  EmailMessage message;
  message.subject = fmt::format("[Rampart] {} level {} incident: {}", created ? "New" : "Escalated",
                                level_with_meaning(incident.level), title);
  std::string what = created ? "was created" : notice.previous_level
                                                   ? fmt::format("was escalated from level {} to level {}",
                                                                 level_text(*notice.previous_level), level_text(incident.level))
                                                   : "was escalated";
  std::string listed = assets.empty() ? "none recorded" : "";
  for (size_t i = 0; i < assets.size() && i < kMaxAssetsListed; ++i) listed += (i ? ", " : "") + assets[i];
  if (assets.size() > kMaxAssetsListed) listed += fmt::format(" and {} more", assets.size() - kMaxAssetsListed);
  message.body = fmt::format(
      "Incident {} {}.\n\n"
      "Title:    {}\n"
      "Id:       {}\n"
      "Category: {}\n"
      "Level:    {}\n"
      "State:    {}\n"
      "Created:  {}\n"
      "Deadline: {}\n"
      "Assets:   {}\n",
      incident.id, what, title, incident.id, incident.category, level_with_meaning(incident.level),
      incidents::state_name(incident.state), format_utc_time(incident.created_us), format_utc_time(incident.deadline_us),
      listed);
  if (!link.empty()) message.body += "Link:     " + replace_all(link, "{id}", std::to_string(incident.id)) + "\n";
  return message;
}

Notifier::Notifier(Store& store, NotificationSettings settings, Reporter report)
    : store_(store), settings_(std::move(settings)), report_(std::move(report)), worker_([this] { run(); }) {}

Notifier::~Notifier() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  worker_.join();
}

bool Notifier::notify(const IncidentNotice& notice) {
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= settings_.queue_capacity) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
    queue_.push_back(notice);
  }
  wake_.notify_one();
  return true;
}

Notifier::Counts Notifier::counts() const {
  return Counts{delivered_.load(), retried_.load(), failed_.load(), dropped_.load()};
}

std::string Notifier::render_metrics() const {
  auto now = counts();
  size_t queued = 0;
  {
    std::lock_guard lock(mutex_);
    queued = queue_.size();
  }
  return fmt::format(
      "# TYPE rampart_notifications_total counter\n"
      "rampart_notifications_total{{result=\"delivered\"}} {}\n"
      "rampart_notifications_total{{result=\"retried\"}} {}\n"
      "rampart_notifications_total{{result=\"failed\"}} {}\n"
      "rampart_notifications_total{{result=\"dropped\"}} {}\n"
      "# TYPE rampart_notifications_queued gauge\n"
      "rampart_notifications_queued {}\n",
      now.delivered, now.retried, now.failed, now.dropped, queued);
}

void Notifier::run() {
  while (true) {
    IncidentNotice notice;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      notice = queue_.front();
      queue_.pop_front();
    }
    deliver(notice);
  }
}

bool Notifier::pause(std::chrono::milliseconds duration) {
  std::unique_lock lock(mutex_);
  return !wake_.wait_for(lock, duration, [this] { return stopping_; });
}

template <class Send>
bool Notifier::deliver_with_retries(const std::string& what, const Send& send) {
  auto wait = settings_.first_retry;
  for (int attempt = 1;; ++attempt) {
    auto sent = send();
    if (sent) {
      delivered_.fetch_add(1, std::memory_order_relaxed);
      return true;
    }
    if (report_)
      report_(fmt::format("notification {} attempt {}/{} failed: {}", what, attempt, settings_.max_attempts, sent.error()));
    if (attempt >= settings_.max_attempts) {
      failed_.fetch_add(1, std::memory_order_relaxed);
      return true;
    }
    retried_.fetch_add(1, std::memory_order_relaxed);
    if (!pause(wait)) return false;
    wait *= 2;
  }
}

void Notifier::deliver(const IncidentNotice& notice) {
  const auto& email = settings_.email;
  bool with_email =
      email.enabled() && (notice.event == IncidentEvent::created ? email.on_created : email.on_escalated);
  auto incident = store_.incident(notice.incident_id);
  if (!incident || !*incident) {
    failed_.fetch_add(settings_.webhooks.size() + (with_email ? 1 : 0), std::memory_order_relaxed);
    return;
  }
  std::string body = notice_body(notice, **incident);
  for (const auto& webhook : settings_.webhooks)
    if (!deliver_with_retries(fmt::format("webhook {}:{}{}", webhook.url.host, webhook.url.port, webhook.url.target),
                              [&] { return post_json(webhook.url, body, webhook.secret, webhook.ca_file, settings_.timeout); }))
      return;
  if (!with_email) return;
  auto message = notice_email(notice, **incident, incident_assets(store_, **incident), email.link);
  deliver_with_retries("e-mail", [&] { return send_email(email, message); });
}

}  // namespace rampart::center::notify
