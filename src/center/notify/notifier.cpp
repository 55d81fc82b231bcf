#include "center/notify/notifier.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "center/incidents/classification.hpp"
#include "center/ingest/eve_time.hpp"

namespace rampart::center::notify {

namespace {

std::string_view level_text(int level) { return incidents::level_name(static_cast<incidents::IncidentLevel>(level)); }

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

Notifier::Notifier(Store& store, NotificationSettings settings)
    : store_(store), settings_(std::move(settings)), worker_([this] { run(); }) {}

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

void Notifier::deliver(const IncidentNotice& notice) {
  auto incident = store_.incident(notice.incident_id);
  if (!incident || !*incident) {
    failed_.fetch_add(settings_.webhooks.size(), std::memory_order_relaxed);
    return;
  }
  std::string body = notice_body(notice, **incident);
  for (const auto& webhook : settings_.webhooks) {
    auto wait = settings_.first_retry;
    for (int attempt = 1;; ++attempt) {
      if (post_json(webhook.url, body, webhook.secret, settings_.timeout)) {
        delivered_.fetch_add(1, std::memory_order_relaxed);
        break;
      }
      if (attempt >= settings_.max_attempts) {
        failed_.fetch_add(1, std::memory_order_relaxed);
        break;
      }
      retried_.fetch_add(1, std::memory_order_relaxed);
      if (!pause(wait)) return;
      wait *= 2;
    }
  }
}

}  // namespace rampart::center::notify
