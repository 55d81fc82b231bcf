// The OpenAPI document: valid JSON with openapi 3.x, every route the router serves
// is described, and every described operation is one the router answers (neither
// "no resource" 404 nor 405).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "center/api/api_router.hpp"
#include "center/api/openapi.hpp"
#include "center/identity/credentials.hpp"
#include "center/store/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace rampart::center {
namespace {

using nlohmann::json;

// A concrete path for a template: every {parameter} becomes a plausible value.
std::string concrete(std::string_view path) {
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '{') {
      out += path[i];
      continue;
    }
    auto close = path.find('}', i);
    auto name = path.substr(i + 1, close - i - 1);
    out += name == "id" || name == "task" ? "1" : name == "name" ? "root" : "x";
    i = close;
  }
  return out;
}

TEST(OpenApi, DocumentIsOpenApi3) {
  auto document = json::parse(openapi_document(), nullptr, false);
  ASSERT_TRUE(document.is_object());
  ASSERT_TRUE(document["openapi"].is_string());
  EXPECT_EQ(document["openapi"].get<std::string>().rfind("3.", 0), 0u);
  EXPECT_TRUE(document["paths"].is_object());
  EXPECT_EQ(document["paths"]["/api/v1/incidents/{id}"]["patch"]["parameters"][0]["name"], "id");
}

TEST(OpenApi, EveryServedRouteIsDescribed) {
  auto document = json::parse(openapi_document());
  // Every route the router dispatches (api_router.cpp, incident_routes.cpp,
  // incident_case_routes.cpp, admin_routes.cpp, taxii_router.cpp).
  for (auto [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"get", "/healthz"},
           {"get", "/metrics"},
           {"get", "/api/v1/openapi.json"},
           {"post", "/api/v1/events"},
           {"get", "/api/v1/alerts"},
           {"get", "/api/v1/sensors"},
           {"get", "/api/v1/stats"},
           {"get", "/api/v1/incidents"},
           {"post", "/api/v1/incidents"},
           {"get", "/api/v1/incidents/{id}"},
           {"patch", "/api/v1/incidents/{id}"},
           {"post", "/api/v1/incidents/{id}/transition"},
           {"post", "/api/v1/incidents/{id}/reopen"},
           {"post", "/api/v1/incidents/{id}/notes"},
           {"post", "/api/v1/incidents/{id}/tasks"},
           {"patch", "/api/v1/incidents/{id}/tasks/{task}"},
           {"post", "/api/v1/incidents/{id}/alerts"},
           {"post", "/api/v1/incidents/{id}/observables"},
           {"post", "/api/v1/incidents/{id}/share"},
           {"post", "/api/v1/alerts/{id}/sighting"},
           {"get", "/api/v1/assets"},
           {"post", "/api/v1/assets"},
           {"get", "/api/v1/organisations"},
           {"post", "/api/v1/organisations"},
           {"get", "/api/v1/users"},
           {"post", "/api/v1/users"},
           {"post", "/api/v1/users/{name}/tokens"},
           {"get", "/taxii2/"},
           {"get", "/api1/"},
           {"get", "/api1/status/{status}/"},
           {"get", "/api1/collections/"},
           {"get", "/api1/collections/{collection}/"},
           {"get", "/api1/collections/{collection}/objects/"},
           {"post", "/api1/collections/{collection}/objects/"},
           {"get", "/api1/collections/{collection}/objects/{object}/"},
           {"delete", "/api1/collections/{collection}/objects/{object}/"},
           {"get", "/api1/collections/{collection}/objects/{object}/versions/"},
           {"get", "/api1/collections/{collection}/manifest/"}}) {
    ASSERT_TRUE(document["paths"].contains(path)) << path;
    EXPECT_TRUE(document["paths"][path].contains(method)) << method << " " << path;
  }
  EXPECT_EQ(api_operations().size(), 38u) << "a new operation needs a line above";
}

TEST(OpenApi, EveryDescribedOperationIsServed) {
  testing::TempDir dir;
  auto store = open_sqlite_store(dir.path());
  ASSERT_TRUE(store) << store.error().detail;
  auto admin = *generate_api_token();
  ASSERT_TRUE((*store)->add_user("root", Role::admin, "h", token_hash(admin), "test"));
  Metrics metrics;
  ApiRouter router(**store, metrics, ApiLimits{1 << 20});
  for (const auto& operation : api_operations()) {
    HttpRequest request;
    request.method = std::string(operation.method);
    for (auto& c : request.method) c = static_cast<char>(c - 'a' + 'A');
    request.target = concrete(operation.path);
    request.authorization = "Bearer " + admin;
    request.content_type = "application/json";
    request.body = "{}";
    auto response = router.handle(request);
    EXPECT_NE(response.status, 405u) << request.method << " " << request.target << ": " << response.body;
    EXPECT_EQ(response.body.find("no resource"), std::string::npos)
        << request.method << " " << request.target << ": " << response.body;
  }
  HttpRequest anonymous;
  anonymous.method = "GET";
  anonymous.target = "/api/v1/openapi.json";
  auto served = router.handle(anonymous);
  EXPECT_EQ(served.status, 200u) << "the document needs no token";
  EXPECT_EQ(served.body, openapi_document());
}

}  // namespace
}  // namespace rampart::center
