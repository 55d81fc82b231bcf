// Organisations and users over the API on both stores: admin only, argon2id
// password hashes, tokens shown once and usable at once, conflicts and bad bodies.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "center/api/api_router.hpp"
#include "center/identity/credentials.hpp"
#include "center/store/postgres_store.hpp"
#include "center/store/sqlite_store.hpp"
#include "center_support/postgres_server.hpp"
#include "temp_dir.hpp"
#include "test_store.hpp"

namespace rampart::center {
namespace {

using nlohmann::json;

class AdminApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    open_test_store(GetParam(), dir_.path(), store_);
    ASSERT_FALSE(HasFatalFailure());
    for (auto* token : {&sensor_, &analyst_, &admin_}) *token = *generate_api_token();
    ASSERT_TRUE(store_->add_sensor("edge-1", token_hash(sensor_), "test"));
    ASSERT_TRUE(store_->add_user("ana", Role::analyst, "h", token_hash(analyst_), "test"));
    ASSERT_TRUE(store_->add_user("root", Role::admin, "h", token_hash(admin_), "test"));
    router_ = std::make_unique<ApiRouter>(*store_, metrics_, ApiLimits{1 << 20});
  }

  HttpResponse send(std::string method, std::string target, const std::string& token, std::string body = "") {
    HttpRequest request;
    request.method = std::move(method);
    request.target = std::move(target);
    request.authorization = "Bearer " + token;
    request.content_type = "application/json";
    request.body = std::move(body);
    return router_->handle(request);
  }

  static json parse(const HttpResponse& response) { return json::parse(response.body, nullptr, false); }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  Metrics metrics_;
  std::unique_ptr<ApiRouter> router_;
  std::string sensor_, analyst_, admin_;
};

TEST_P(AdminApiTest, OrganisationsAndUsers) {
  auto org = send("POST", "/api/v1/organisations", admin_, R"({"name": "grid-cert"})");
  ASSERT_EQ(org.status, 201u) << org.body;
  EXPECT_EQ(send("POST", "/api/v1/organisations", admin_, R"({"name": "grid-cert"})").status, 409u);
  auto orgs = parse(send("GET", "/api/v1/organisations", admin_));
  ASSERT_EQ(orgs["organisations"].size(), 2u);
  EXPECT_EQ(orgs["organisations"][0]["name"], "default");
  EXPECT_EQ(orgs["organisations"][1]["name"], "grid-cert");

  auto user = send("POST", "/api/v1/users", admin_,
                   R"({"name": "olga", "role": "viewer", "password": "correct horse", "organisation": "grid-cert"})");
  ASSERT_EQ(user.status, 201u) << user.body;
  std::string token = parse(user)["token"];
  EXPECT_EQ(token.rfind("rpt_", 0), 0u);
  EXPECT_EQ(send("GET", "/api/v1/alerts", token).status, 200u) << "the new token works at once";
  EXPECT_EQ(send("GET", "/api/v1/users", token).status, 403u) << "a viewer is no admin";
  auto hash = store_->password_hash("olga");
  ASSERT_TRUE(hash && *hash);
  EXPECT_EQ(hash->value().rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(verify_password(**hash, "correct horse"));
  auto users = parse(send("GET", "/api/v1/users", admin_));
  ASSERT_EQ(users["users"].size(), 3u);
  EXPECT_EQ(users["users"][1]["name"], "olga");
  EXPECT_EQ(users["users"][1]["organisation"], "grid-cert");
  EXPECT_EQ(users["users"][1]["role"], "viewer");
  EXPECT_FALSE(users["users"][1].contains("password_hash"));

  auto second = send("POST", "/api/v1/users/olga/tokens", admin_);
  ASSERT_EQ(second.status, 201u) << second.body;
  std::string other = parse(second)["token"];
  EXPECT_NE(other, token);
  EXPECT_EQ(send("GET", "/api/v1/alerts", other).status, 200u);
  EXPECT_EQ(send("GET", "/api/v1/alerts", token).status, 200u) << "the first token stays valid";
  EXPECT_EQ(store_->audit_log(1)->front().action, "user.token");
  EXPECT_EQ(store_->audit_log(1)->front().actor, "user:root");
}

TEST_P(AdminApiTest, RefusalsAreClear) {
  struct Case {
    const char* method;
    const char* target;
    const char* body;
    unsigned status;
  };
  for (const auto& bad : std::vector<Case>{
           {"POST", "/api/v1/users", R"({"name": "x", "role": "sensor", "password": "12345678"})", 400},
           {"POST", "/api/v1/users", R"({"name": "x", "role": "viewer", "password": "short"})", 400},
           {"POST", "/api/v1/users", R"({"name": "a b", "role": "viewer", "password": "12345678"})", 400},
           {"POST", "/api/v1/users", R"({"name": "x", "role": "viewer", "password": "12345678", "extra": 1})", 400},
           {"POST", "/api/v1/users", R"({"name": "x", "role": "viewer", "password": "12345678", "organisation": "none"})",
            422},
           {"POST", "/api/v1/users", R"({"name": "ana", "role": "viewer", "password": "12345678"})", 409},
           {"POST", "/api/v1/users", "[]", 400},
           {"POST", "/api/v1/organisations", R"({"name": ""})", 400},
           {"POST", "/api/v1/organisations", R"({"name": 7})", 400},
           {"POST", "/api/v1/users/ghost/tokens", "", 404},
           {"POST", "/api/v1/users/ana/keys", "", 404},
           {"GET", "/api/v1/users/ana/tokens", "", 405},
           {"DELETE", "/api/v1/users", "", 405},
           {"GET", "/api/v1/users?x=1", "", 400},
       }) {
    auto response = send(bad.method, bad.target, admin_, bad.body);
    EXPECT_EQ(response.status, bad.status) << bad.method << " " << bad.target << " " << bad.body << " -> " << response.body;
    EXPECT_TRUE(parse(response).contains("error"));
  }
  EXPECT_EQ(send("GET", "/api/v1/users", analyst_).status, 403u);
  EXPECT_EQ(send("POST", "/api/v1/organisations", analyst_, R"({"name": "x"})").status, 403u);
  EXPECT_EQ(send("GET", "/api/v1/organisations", sensor_).status, 403u);
  EXPECT_EQ(send("POST", "/api/v1/users/ana/tokens", analyst_).status, 403u);
  EXPECT_EQ(store_->users()->size(), 2u) << "refused requests add nobody";
}

INSTANTIATE_TEST_SUITE_P(Stores, AdminApiTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& test) { return test.param; });

}  // namespace
}  // namespace rampart::center
