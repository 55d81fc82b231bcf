#include "center/taxii/taxii_router.hpp"

#include <fmt/format.h>

#include <chrono>
#include <set>

#include "center/identity/credentials.hpp"
#include "center/ingest/eve_time.hpp"
#include "center/privacy/observable_id.hpp"
#include "center/taxii/taxii_http.hpp"
#include "center/taxii/taxii_objects.hpp"
#include "center/taxii/taxii_query.hpp"

namespace rampart::center::taxii {

namespace {

using Json = nlohmann::ordered_json;

constexpr unsigned kListParameters = kAddedAfter | kLimit | kNext | kMatchId | kMatchType | kMatchVersion | kMatchSpecVersion;
constexpr unsigned kObjectParameters = kAddedAfter | kLimit | kNext | kMatchVersion | kMatchSpecVersion;
constexpr unsigned kVersionParameters = kAddedAfter | kLimit | kNext | kMatchSpecVersion;

HttpResponse store_failure(const StoreError& error) { return taxii_error(500, "storage failure", error.detail); }

HttpResponse method_not_allowed(std::string_view allowed) {
  auto response = taxii_error(405, "method not allowed", fmt::format("use {}", allowed));
  response.allow = allowed;
  return response;
}

HttpResponse not_found(std::string_view what) { return taxii_error(404, "not found", what); }

// The version TAXII reports: modified or created, else the date the server added it.
std::string version_of(const StoredTaxiiObject& object) {
  return object.version.empty() ? format_utc_time(object.date_added_us) : object.version;
}

// Where the next page starts: after the last stored object of this one, withheld or not.
std::optional<TaxiiCursor> next_cursor(const TaxiiObjectPage& page) {
  if (!page.more || page.objects.empty()) return std::nullopt;
  return TaxiiCursor{page.objects.back().date_added_us, page.objects.back().row_id};
}

// Adds the envelope's more/next and the X-TAXII-Date-Added-First/Last headers of a page.
HttpResponse page_response(Json body, const TaxiiObjectPage& page, std::optional<TaxiiCursor> next) {
  body["more"] = page.more;
  if (next) body["next"] = encode_next(*next);
  auto response = taxii_response(200, body);
  if (!page.objects.empty()) {
    response.headers.emplace_back("X-TAXII-Date-Added-First", format_utc_time(page.objects.front().date_added_us));
    response.headers.emplace_back("X-TAXII-Date-Added-Last", format_utc_time(page.objects.back().date_added_us));
  }
  return response;
}

Json collection_json(const TaxiiCollection& collection) {
  return Json{{"id", collection.id},
              {"title", collection.title},
              {"description", collection.description},
              {"can_read", collection.can_read},
              {"can_write", collection.can_write},
              {"media_types", Json::array({kStixMediaType})}};
}

// Splits "a/b/c/" into the segment before the first '/' and the rest after it.
std::pair<std::string_view, std::string_view> first_segment(std::string_view path) {
  size_t slash = path.find('/');
  if (slash == std::string_view::npos) return {path, {}};
  return {path.substr(0, slash), path.substr(slash + 1)};
}

}  // namespace

bool is_taxii_path(std::string_view path) { return path.starts_with(kDiscoveryPath) || path.starts_with(kApiRootPath); }

HttpResponse TaxiiRouter::handle(const HttpRequest& request, const RequestTarget& target) {
  auto user = authenticate(request);
  if (!user) return user.error();
  if (!accepts_taxii(request.accept))
    return taxii_error(406, "not acceptable", fmt::format("this server answers {}", kTaxiiMediaType));
  if (target.path.starts_with(kDiscoveryPath)) {
    if (target.path != kDiscoveryPath) return not_found(fmt::format("no resource {}", target.path));
    if (request.method != "GET") return method_not_allowed("GET");
    if (!target.params.empty()) return taxii_error(400, "bad parameter", "discovery takes no parameters");
    return taxii_response(200, Json{{"title", "Rampart center"},
                                    {"description", "TAXII 2.1 server of the Rampart center"},
                                    {"default", kApiRootPath},
                                    {"api_roots", Json::array({kApiRootPath})}});
  }
  return api_root_resource(request, target, *user);
}

std::expected<SharingUser, HttpResponse> TaxiiRouter::authenticate(const HttpRequest& request) {
  auto unauthorized = [](std::string_view why) { return std::unexpected(taxii_error(401, "unauthorized", why)); };
  std::string user_name;
  std::optional<BasicCredentials> basic = basic_credentials(request.authorization);
  if (basic) {
    user_name = basic->user;
  } else if (auto token = bearer_token(request.authorization); !token.empty()) {
    auto principal = store_.find_token(token_hash(token));
    if (!principal) return std::unexpected(store_failure(principal.error()));
    if (!*principal) return unauthorized("unknown token");
    if (!(*principal)->user_id) return std::unexpected(taxii_error(403, "forbidden", "sensor tokens cannot use TAXII"));
    user_name = (*principal)->name;
  } else {
    return unauthorized("send Authorization: Basic (user name and password) or Bearer TOKEN");
  }
  auto user = store_.sharing_user(user_name);
  if (!user) return std::unexpected(store_failure(user.error()));
  if (basic && (!*user || !verify_password((*user)->password_hash, basic->password)))
    return unauthorized("wrong user name or password");
  if (!*user) return unauthorized("unknown user");
  return **user;
}

HttpResponse TaxiiRouter::api_root_resource(const HttpRequest& request, const RequestTarget& target,
                                            const SharingUser& user) {
  std::string_view rest = std::string_view(target.path).substr(kApiRootPath.size());
  if (rest.empty()) {
    if (request.method != "GET") return method_not_allowed("GET");
    return taxii_response(200, Json{{"title", "Rampart sharing"},
                                    {"description", "Collections shared between organisations"},
                                    {"versions", Json::array({kTaxiiMediaType})},
                                    {"max_content_length", max_content_length_}});
  }
  auto [resource, after] = first_segment(rest);
  if (resource == "status") {
    // taxii2-client builds the status URL without the trailing slash; both forms are served.
    auto [id, tail] = first_segment(after);
    if (id.empty() || tail != "") return not_found(fmt::format("no resource {}", target.path));
    if (request.method != "GET") return method_not_allowed("GET");
    return status(std::string(id), user);
  }
  if (resource != "collections") return not_found(fmt::format("no resource {}", target.path));
  auto collections = store_.collections_for(user.organisation_id);
  if (!collections) return store_failure(collections.error());
  if (after.empty()) {
    if (request.method != "GET") return method_not_allowed("GET");
    Json list = Json::array();
    for (const auto& collection : *collections) list.push_back(collection_json(collection));
    Json body = Json::object();
    if (!list.empty()) body["collections"] = std::move(list);
    return taxii_response(200, body);
  }
  auto [collection_id, collection_rest] = first_segment(after);
  for (const auto& collection : *collections)
    if (collection.id == collection_id) return collection_resource(request, target, user, collection, collection_rest);
  return not_found(fmt::format("no collection {}", collection_id));
}

HttpResponse TaxiiRouter::collection_resource(const HttpRequest& request, const RequestTarget& target,
                                              const SharingUser& user, const TaxiiCollection& collection,
                                              std::string_view rest) {
  bool is_post = request.method == "POST";
  if (is_post ? !collection.can_write : !collection.can_read)
    return taxii_error(403, "forbidden",
                       fmt::format("your organisation may not {} this collection", is_post ? "write to" : "read"));
  if (rest.empty()) {
    if (request.method != "GET") return method_not_allowed("GET");
    return taxii_response(200, collection_json(collection));
  }
  if (rest == "manifest/") {
    if (request.method != "GET") return method_not_allowed("GET");
    return list_manifest(target, collection, user);
  }
  if (rest == "objects/") {
    if (is_post) return add_objects(request, collection, user);
    if (request.method != "GET") return method_not_allowed("GET, POST");
    return list_objects(target, collection, user, std::nullopt);
  }
  if (!rest.starts_with("objects/")) return not_found(fmt::format("no resource {}", target.path));
  auto [object_id, object_rest] = first_segment(rest.substr(std::string_view("objects/").size()));
  if (object_id.empty() || (object_rest != "" && object_rest != "versions/") || !rest.ends_with('/'))
    return not_found(fmt::format("no resource {}", target.path));
  if (object_rest == "versions/") {
    if (request.method != "GET") return method_not_allowed("GET");
    return list_versions(target, collection, user, std::string(object_id));
  }
  if (request.method == "DELETE") {
    if (!collection.can_write) return taxii_error(403, "forbidden", "your organisation may not write to this collection");
    return delete_object(collection, user, std::string(object_id));
  }
  if (request.method != "GET") return method_not_allowed("GET, DELETE");
  return list_objects(target, collection, user, std::string(object_id));
}

namespace {

// The query of a read path: the collection, the reader and the parameters.
std::expected<TaxiiObjectQuery, HttpResponse> object_query(const RequestTarget& target, unsigned allowed,
                                                            const TaxiiCollection& collection, const SharingUser& user) {
  TaxiiObjectQuery query;
  if (auto parsed = parse_object_query(target.params, allowed, query); !parsed)
    return std::unexpected(taxii_error(400, "bad parameter", parsed.error()));
  query.collection_id = collection.id;
  query.viewer = TaxiiViewer{user.organisation_id, collection.can_read};
  return query;
}

}  // namespace

std::expected<std::vector<Json>, HttpResponse> TaxiiRouter::referenced_observables(
    const std::vector<Json>& leaving, const std::vector<int64_t>& publishers, const TaxiiCollection& collection,
    const SharingUser& user) {
  std::set<std::string> wanted;
  for (const auto& object : leaving) privacy::collect_observable_ids(object, wanted);
  for (const auto& object : leaving)
    if (auto id = object.find("id"); id != object.end() && id->is_string()) wanted.erase(id->get<std::string>());
  std::vector<Json> found;
  if (wanted.empty()) return found;
  // Read as each publisher sees its collection: the reader may not see an observable
  // whose id a visible object still names.
  std::set<int64_t> organisations(publishers.begin(), publishers.end());
  for (int64_t organisation : organisations) {
    TaxiiObjectQuery query;
    query.collection_id = collection.id;
    query.viewer = TaxiiViewer{organisation, true};
    query.ids.assign(wanted.begin(), wanted.end());
    query.limit = query.ids.size();
    auto stored = store_.taxii_objects(query);
    if (!stored) return std::unexpected(store_failure(stored.error()));
    for (const auto& object : stored->objects) {
      if (object.organisation_id == user.organisation_id || object.privacy_filtered) continue;
      auto parsed = Json::parse(object.json, nullptr, false);
      if (parsed.is_discarded())
        return std::unexpected(store_failure(StoreError{fmt::format("stored object {} is not JSON", object.stix_id)}));
      found.push_back(std::move(parsed));
    }
  }
  return found;
}

std::expected<TaxiiObjectPage, HttpResponse> TaxiiRouter::outgoing(TaxiiObjectPage page, const TaxiiCollection& collection,
                                                                   const SharingUser& user) {
  // The objects leaving the organisation are filtered together, so their references agree.
  std::vector<size_t> leaving_at;
  std::vector<Json> leaving;
  std::vector<int64_t> publishers;
  for (size_t i = 0; i < page.objects.size(); ++i) {
    const auto& object = page.objects[i];
    if (object.organisation_id == user.organisation_id || object.privacy_filtered) continue;
    auto parsed = Json::parse(object.json, nullptr, false);
    if (parsed.is_discarded())
      return std::unexpected(store_failure(StoreError{fmt::format("stored object {} is not JSON", object.stix_id)}));
    leaving_at.push_back(i);
    leaving.push_back(std::move(parsed));
    publishers.push_back(object.organisation_id);
  }
  if (leaving.empty()) return page;
  auto referenced = referenced_observables(leaving, publishers, collection, user);
  if (!referenced) return std::unexpected(referenced.error());
  auto filtered = privacy_.apply_all(leaving, *referenced);
  std::vector<StoredTaxiiObject> kept;
  for (size_t i = 0, next = 0; i < page.objects.size(); ++i) {
    auto& object = page.objects[i];
    if (next < leaving_at.size() && leaving_at[next] == i) {
      auto& result = filtered[next++];
      if (!result) continue;
      object.stix_id = (*result)["id"].get<std::string>();
      object.json = result->dump();
    }
    kept.push_back(std::move(object));
  }
  page.objects = std::move(kept);
  return page;
}

HttpResponse TaxiiRouter::list_objects(const RequestTarget& target, const TaxiiCollection& collection,
                                       const SharingUser& user, std::optional<std::string> object_id) {
  auto query = object_query(target, object_id ? kObjectParameters : kListParameters, collection, user);
  if (!query) return query.error();
  if (object_id) query->ids = {*object_id};
  auto stored = store_.taxii_objects(*query);
  if (!stored) return store_failure(stored.error());
  auto next = next_cursor(*stored);
  auto page = outgoing(std::move(*stored), collection, user);
  if (!page) return page.error();
  if (object_id && page->objects.empty() && !query->after) return not_found(fmt::format("no object {}", *object_id));
  Json objects = Json::array();
  for (const auto& object : page->objects) {
    auto parsed = Json::parse(object.json, nullptr, false);
    if (parsed.is_discarded()) return store_failure(StoreError{fmt::format("stored object {} is not JSON", object.stix_id)});
    objects.push_back(std::move(parsed));
  }
  Json body = Json::object();
  if (!objects.empty()) body["objects"] = std::move(objects);
  return page_response(std::move(body), *page, next);
}

HttpResponse TaxiiRouter::list_versions(const RequestTarget& target, const TaxiiCollection& collection,
                                        const SharingUser& user, const std::string& object_id) {
  auto query = object_query(target, kVersionParameters, collection, user);
  if (!query) return query.error();
  query->ids = {object_id};
  query->version_match = VersionMatch::all;
  auto stored = store_.taxii_objects(*query);
  if (!stored) return store_failure(stored.error());
  auto next = next_cursor(*stored);
  auto page = outgoing(std::move(*stored), collection, user);
  if (!page) return page.error();
  if (page->objects.empty() && !query->after) return not_found(fmt::format("no object {}", object_id));
  Json versions = Json::array();
  for (const auto& object : page->objects) versions.push_back(version_of(object));
  Json body = Json::object();
  if (!versions.empty()) body["versions"] = std::move(versions);
  return page_response(std::move(body), *page, next);
}

HttpResponse TaxiiRouter::list_manifest(const RequestTarget& target, const TaxiiCollection& collection,
                                        const SharingUser& user) {
  auto query = object_query(target, kListParameters, collection, user);
  if (!query) return query.error();
  auto stored = store_.taxii_objects(*query);
  if (!stored) return store_failure(stored.error());
  auto next = next_cursor(*stored);
  auto page = outgoing(std::move(*stored), collection, user);
  if (!page) return page.error();
  Json records = Json::array();
  for (const auto& object : page->objects)
    records.push_back(Json{{"id", object.stix_id},
                           {"date_added", format_utc_time(object.date_added_us)},
                           {"version", version_of(object)},
                           {"media_type", kStixMediaType}});
  Json body = Json::object();
  if (!records.empty()) body["objects"] = std::move(records);
  return page_response(std::move(body), *page, next);
}

HttpResponse TaxiiRouter::add_objects(const HttpRequest& request, const TaxiiCollection& collection,
                                      const SharingUser& user) {
  if (!is_taxii_content(request.content_type))
    return taxii_error(415, "unsupported media type", fmt::format("send Content-Type: {}", kTaxiiMediaType));
  auto incoming = parse_envelope(request.body);
  if (!incoming) return taxii_error(400, "malformed envelope", incoming.error());
  std::string request_time = format_utc_time(
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  if (!incoming->objects.empty()) {
    auto added = store_.add_taxii_objects(collection.id, user.organisation_id, incoming->objects, fmt::format("user:{}", user.name));
    if (!added) return store_failure(added.error());
  }
  auto status_id = random_uuid();
  if (!status_id) return taxii_error(500, "no randomness", "cannot make a status id");
  Json successes = Json::array();
  for (const auto& object : incoming->objects) {
    Json entry{{"id", object.stix_id}};
    if (!object.version.empty()) entry["version"] = object.version;
    successes.push_back(std::move(entry));
  }
  Json failures = Json::array();
  for (const auto& failure : incoming->failures) {
    Json entry{{"id", failure.id}};
    if (!failure.version.empty()) entry["version"] = failure.version;
    entry["message"] = failure.message;
    failures.push_back(std::move(entry));
  }
  Json body{{"id", *status_id},
            {"status", "complete"},
            {"request_timestamp", request_time},
            {"total_count", incoming->objects.size() + incoming->failures.size()},
            {"success_count", incoming->objects.size()},
            {"successes", std::move(successes)},
            {"failure_count", incoming->failures.size()},
            {"failures", std::move(failures)},
            {"pending_count", 0},
            {"pendings", Json::array()}};
  if (auto saved = store_.save_taxii_status({*status_id, user.user_id, body.dump()}); !saved)
    return store_failure(saved.error());
  return taxii_response(202, body);
}

HttpResponse TaxiiRouter::delete_object(const TaxiiCollection& collection, const SharingUser& user,
                                        const std::string& object_id) {
  auto deleted = store_.delete_taxii_object(collection.id, object_id, TaxiiViewer{user.organisation_id, collection.can_read},
                                            fmt::format("user:{}", user.name));
  if (!deleted) return store_failure(deleted.error());
  if (*deleted == 0) return not_found(fmt::format("no object {}", object_id));
  HttpResponse response = taxii_response(200, Json::object());
  response.body.clear();
  return response;
}

HttpResponse TaxiiRouter::status(const std::string& id, const SharingUser& user) {
  auto record = store_.taxii_status(id);
  if (!record) return store_failure(record.error());
  if (!*record || (*record)->user_id != user.user_id) return not_found(fmt::format("no status {}", id));
  auto body = Json::parse((*record)->json, nullptr, false);
  if (body.is_discarded()) return store_failure(StoreError{fmt::format("stored status {} is not JSON", id)});
  return taxii_response(200, body);
}

}  // namespace rampart::center::taxii
