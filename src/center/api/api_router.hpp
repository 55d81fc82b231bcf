#pragma once
// The center's HTTP API: authentication (bearer tokens looked up by hash), role
// checks, and the handlers of /healthz, /metrics, /api/v1/events, /api/v1/alerts,
// /api/v1/sensors and /api/v1/stats, and (incident_routes.cpp, incident_case_routes.cpp)
// /api/v1/incidents (list, manual creation, get, edit, transition, reopen, notes,
// tasks, linked alerts and observables) and /api/v1/assets; a stored batch is
// acknowledged once stored and queued for correlation, which runs on its own thread
// (incidents/incident_service.hpp); (admin_routes.cpp) /api/v1/organisations and /api/v1/users;
// (share_routes.cpp) POST /api/v1/incidents/{id}/share and /api/v1/alerts/{id}/sighting.
// Bad requests get 4xx JSON errors; only a failing store gives a 5xx. handle() may
// be called from several threads at once.
#include <chrono>
#include <cstddef>
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "center/api/http_types.hpp"
#include "center/api/metrics.hpp"
#include "center/incidents/incident_service.hpp"
#include "center/privacy/privacy_filter.hpp"
#include "center/store/store.hpp"
#include "center/taxii/taxii_router.hpp"

namespace rampart::center {

namespace notify {
class Notifier;
}
struct ShareRequest;

struct ApiLimits {
  size_t max_decompressed_bytes = 64 * 1024 * 1024;
  size_t max_body_bytes = 16 * 1024 * 1024;  // announced as the TAXII API root's max_content_length
};

class ApiRouter {
 public:
  ApiRouter(Store& store, Metrics& metrics, ApiLimits limits,
            incidents::CorrelationConfig correlation = incidents::default_correlation_config())
      : store_(store),
        metrics_(metrics),
        limits_(limits),
        correlation_(std::move(correlation)),
        taxii_(store, limits.max_body_bytes) {}
  // Correlates what is queued, then stops the correlator thread.
  ~ApiRouter() { incidents_.reset(); }
  ApiRouter(const ApiRouter&) = delete;
  ApiRouter& operator=(const ApiRouter&) = delete;

  HttpResponse handle(const HttpRequest& request);

  // Opens correlation now rather than at the first request that needs it: the stored
  // alerts a crash left uncorrelated are correlated before this returns.
  StoreResult<void> start_correlation();
  // Waits until the alerts of every batch acknowledged so far are correlated and
  // their incidents stored; false after timeout.
  bool settle_correlation(std::chrono::milliseconds timeout);

  // Created and escalated incidents are handed to the notifier (none: no notifications).
  void set_notifier(notify::Notifier* notifier) { notifier_ = notifier; }
  // The privacy policy for what leaves an organisation: TAXII reads by other
  // organisations and the share endpoints (default: PrivacyFilter()).
  void set_privacy(const privacy::PrivacyFilter& filter) {
    privacy_ = filter;
    taxii_.set_privacy(filter);
  }
  // Further Prometheus text appended to /metrics (the TAXII feeds' counters).
  void add_metrics_source(std::function<std::string()> render) { metrics_sources_.push_back(std::move(render)); }

 private:
  HttpResponse route(const HttpRequest& request);
  HttpResponse ingest(const HttpRequest& request, const Principal& sensor, const std::string& batch_param);
  HttpResponse list_alerts(const std::map<std::string, std::string>& params);
  HttpResponse list_sensors();
  HttpResponse stats();
  HttpResponse metrics();
  void announce(int64_t incident_id, bool created, std::optional<int> previous_level);

  // Incidents and assets (incident_routes.cpp).
  HttpResponse incident_routes(const HttpRequest& request, const std::string& path,
                               const std::map<std::string, std::string>& params, const Principal& who);
  HttpResponse show_incident(int64_t id, unsigned status = 200);
  HttpResponse transition_incident(int64_t id, const HttpRequest& request, const Principal& who);
  // Case management (incident_case_routes.cpp).
  HttpResponse incident_member_routes(int64_t id, std::string_view rest, const HttpRequest& request, const Principal& who);
  HttpResponse list_incidents(const std::map<std::string, std::string>& params);
  HttpResponse create_incident(const HttpRequest& request, const Principal& who);
  HttpResponse edit_incident(int64_t id, const HttpRequest& request, const Principal& who);
  HttpResponse reopen_incident(int64_t id, const Principal& who);
  HttpResponse apply_change(int64_t id, const IncidentChange& change, const Principal& who);
  // A 422 when the assignee names no user.
  std::optional<HttpResponse> unknown_assignee(const std::string& assignee);
  HttpResponse list_assets();
  HttpResponse put_asset(const HttpRequest& request, const Principal& who);
  // Organisations and users, admin only (admin_routes.cpp).
  HttpResponse admin_routes(const HttpRequest& request, const std::string& path,
                            const std::map<std::string, std::string>& params, const Principal& who);
  HttpResponse list_organisations();
  HttpResponse add_organisation(const HttpRequest& request, const Principal& who);
  HttpResponse list_users();
  HttpResponse add_user(const HttpRequest& request, const Principal& who);
  HttpResponse add_user_token(const std::string& user_name, const Principal& who);
  // Sharing with partners over TAXII collections (share_routes.cpp).
  static bool is_share_path(std::string_view path);
  HttpResponse share_routes(const HttpRequest& request, const std::string& path,
                            const std::map<std::string, std::string>& params, const Principal& who);
  HttpResponse share_incident(int64_t id, const ShareRequest& share, const Principal& who);
  HttpResponse share_alert_sighting(int64_t id, const ShareRequest& share, const Principal& who);
  // The caller as a member of an organisation that may write the collection, or the 4xx.
  std::expected<SharingUser, HttpResponse> share_writer(const Principal& who, const std::string& collection);
  // Validates the (filtered) objects with src/intel and stores them in one transaction.
  std::expected<void, HttpResponse> publish(const std::vector<intel::Json>& objects, const std::string& collection,
                                            const SharingUser& user, const Principal& who);
  // Opened on first use: it reads the assets table and catches up with the stored alerts.
  StoreResult<incidents::IncidentService*> incident_service();

  Store& store_;
  Metrics& metrics_;
  ApiLimits limits_;
  incidents::CorrelationConfig correlation_;
  std::mutex incidents_mutex_;  // opening incidents_
  std::unique_ptr<incidents::IncidentService> incidents_;
  // Held while a batch is stored and queued, so the correlator receives alert ids in order.
  std::mutex ingest_order_;
  notify::Notifier* notifier_ = nullptr;
  std::vector<std::function<std::string()>> metrics_sources_;
  // TAXII 2.1 server (src/center/taxii): /taxii2/ and /api1/.
  taxii::TaxiiRouter taxii_;
  privacy::PrivacyFilter privacy_;
};

}  // namespace rampart::center
