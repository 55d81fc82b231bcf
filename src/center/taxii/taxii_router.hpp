#pragma once
// The TAXII 2.1 server (OASIS TAXII 2.1): discovery at /taxii2/, one API root at
// /api1/ with status, collections, objects (GET with filters and pagination, POST
// of an envelope), object by id (GET, DELETE), versions and manifest. Users log in
// with HTTP Basic (name and password, checked against the argon2 hash) or their
// bearer token; the rights on a collection come from the user's organisation's
// sharing groups, and the TLP rule of docs/taxii.md decides which objects a reader
// sees on every read path. Objects read by another organisation than their
// publisher pass the privacy filter (center/privacy) first; withheld ones are left
// out like objects the reader may not see. Every 4xx carries a TAXII error message;
// only a failing store gives a 5xx.
#include <optional>
#include <string>

#include "center/api/http_types.hpp"
#include "center/api/query_string.hpp"
#include "center/privacy/privacy_filter.hpp"
#include "center/store/store.hpp"

namespace rampart::center::taxii {

inline constexpr std::string_view kDiscoveryPath = "/taxii2/";
inline constexpr std::string_view kApiRootPath = "/api1/";

// True when path belongs to the TAXII server.
bool is_taxii_path(std::string_view path);

class TaxiiRouter {
 public:
  TaxiiRouter(Store& store, size_t max_content_length) : store_(store), max_content_length_(max_content_length) {}

  HttpResponse handle(const HttpRequest& request, const RequestTarget& target);

  // The policy applied to objects leaving their organisation (default: PrivacyFilter()).
  void set_privacy(privacy::PrivacyFilter filter) { privacy_ = std::move(filter); }

 private:
  std::expected<SharingUser, HttpResponse> authenticate(const HttpRequest& request);
  HttpResponse api_root_resource(const HttpRequest& request, const RequestTarget& target, const SharingUser& user);
  HttpResponse collection_resource(const HttpRequest& request, const RequestTarget& target, const SharingUser& user,
                                   const TaxiiCollection& collection, std::string_view rest);
  HttpResponse list_objects(const RequestTarget& target, const TaxiiCollection& collection, const SharingUser& user,
                            std::optional<std::string> object_id);
  HttpResponse list_versions(const RequestTarget& target, const TaxiiCollection& collection, const SharingUser& user,
                             const std::string& object_id);
  HttpResponse list_manifest(const RequestTarget& target, const TaxiiCollection& collection, const SharingUser& user);
  HttpResponse add_objects(const HttpRequest& request, const TaxiiCollection& collection, const SharingUser& user);
  HttpResponse delete_object(const TaxiiCollection& collection, const SharingUser& user, const std::string& object_id);
  HttpResponse status(const std::string& id, const SharingUser& user);
  // The objects of a page as the user receives them: filtered when they leave their
  // organisation (ids and references rewritten together), withheld ones left out.
  std::expected<TaxiiObjectPage, HttpResponse> outgoing(TaxiiObjectPage page, const TaxiiCollection& collection,
                                                        const SharingUser& user);
  // The stored observables (other than the leaving objects) whose ids the leaving
  // objects name, as their publishers see them, for the filter to rewrite references.
  std::expected<std::vector<nlohmann::ordered_json>, HttpResponse> referenced_observables(
      const std::vector<nlohmann::ordered_json>& leaving, const std::vector<int64_t>& publishers,
      const TaxiiCollection& collection, const SharingUser& user);

  Store& store_;
  size_t max_content_length_;
  privacy::PrivacyFilter privacy_;
};

}  // namespace rampart::center::taxii
