#pragma once
// Incident notifications: when an incident is created or escalated (its level
// raised), a JSON notice is POSTed to every configured webhook and, when e-mail is
// configured for that event, a message is sent over SMTP. Notices wait in a
// bounded queue and are delivered by one background thread, so the request that
// caused them never waits; a notice that finds the queue full is dropped and
// counted. Each delivery is tried up to max_attempts times, waiting first_retry,
// then twice as long each time (a webhook or the e-mail is one delivery). The thread
// reads the incident from the Store when it sends, so the notice carries its state
// at that moment. Counters are rendered
// for /metrics. Destruction stops the thread; notices still queued are dropped.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "center/notify/email.hpp"
#include "center/notify/webhook.hpp"
#include "center/store/store.hpp"

namespace rampart::center::notify {

struct WebhookTarget {
  WebhookUrl url;
  std::string secret;   // empty: unsigned
  std::string ca_file;  // https: the CAs trusted; empty: the system's
};

struct NotificationSettings {
  std::vector<WebhookTarget> webhooks;
  EmailSettings email;
  size_t queue_capacity = 1024;
  int max_attempts = 5;
  std::chrono::milliseconds first_retry{500};
  std::chrono::milliseconds timeout{5000};  // of a webhook POST

  bool enabled() const { return !webhooks.empty() || email.enabled(); }
};

enum class IncidentEvent { created, escalated };

struct IncidentNotice {
  IncidentEvent event = IncidentEvent::created;
  int64_t incident_id = 0;
  std::optional<int> previous_level;  // of an escalation
};

class Notifier {
 public:
  // report receives a line per failed attempt (which delivery, why); it runs on the worker thread.
  using Reporter = std::function<void(const std::string&)>;
  Notifier(Store& store, NotificationSettings settings, Reporter report = {});
  ~Notifier();
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  // Queues the notice; false when the queue was full (the notice is dropped).
  bool notify(const IncidentNotice& notice);

  struct Counts {
    uint64_t delivered = 0;
    uint64_t retried = 0;
    uint64_t failed = 0;  // gave up after max_attempts
    uint64_t dropped = 0;  // queue full
  };
  Counts counts() const;
  // Prometheus text lines rampart_notifications_*.
  std::string render_metrics() const;

 private:
  void run();
  void deliver(const IncidentNotice& notice);
  // Tries send() up to max_attempts times with the backoff; false when stopping.
  template <class Send>
  bool deliver_with_retries(const std::string& what, const Send& send);
  // Sleeps unless stopping; false when stopping.
  bool pause(std::chrono::milliseconds duration);

  Store& store_;
  NotificationSettings settings_;
  Reporter report_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<IncidentNotice> queue_;
  bool stopping_ = false;
  std::atomic<uint64_t> delivered_{0};
  std::atomic<uint64_t> retried_{0};
  std::atomic<uint64_t> failed_{0};
  std::atomic<uint64_t> dropped_{0};
  std::thread worker_;  // last: started once everything else exists
};

// The JSON body of a notice about `incident`.
std::string notice_body(const IncidentNotice& notice, const IncidentRecord& incident);

// The e-mail about `incident`: the subject carries the level and title; the body the
// id, category, level, state, times, assets (the destinations of its alerts) and,
// when link is set, the incident's URL ("{id}" in link replaced by the id).
EmailMessage notice_email(const IncidentNotice& notice, const IncidentRecord& incident,
                          const std::vector<std::string>& assets, const std::string& link);

}  // namespace rampart::center::notify
