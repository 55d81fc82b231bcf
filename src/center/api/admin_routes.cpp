// Administration over the API, for admin tokens only: GET/POST /api/v1/organisations,
// GET/POST /api/v1/users (the password is hashed with argon2id as `rampart center
// user add` does, and the new user's token is shown once in the answer) and
// POST /api/v1/users/{name}/tokens (a further token for the user).
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "center/api/api_replies.hpp"
#include "center/api/api_router.hpp"
#include "center/identity/credentials.hpp"
#include "center/ingest/eve_time.hpp"

namespace rampart::center {

namespace {

using nlohmann::json;

constexpr size_t kMaxName = 64;
constexpr size_t kMinPassword = 8;
constexpr size_t kMaxPassword = 1024;

bool valid_name(std::string_view name) {
  return !name.empty() && name.size() <= kMaxName && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
}

// The string member `name` of the body, or an error naming it.
std::expected<std::string, std::string> string_of(const json& body, const char* name) {
  auto value = body.find(name);
  if (value == body.end() || !value->is_string()) return std::unexpected(fmt::format("\"{}\" (a string) is required", name));
  return value->get<std::string>();
}

std::expected<void, std::string> only_members(const json& body, std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : body.items())
    if (std::find(known.begin(), known.end(), key) == known.end())
      return std::unexpected(fmt::format("unknown member \"{}\"", key));
  return {};
}

struct NewUser {
  std::string name;
  Role role = Role::viewer;
  std::string password;
  std::string organisation;
};

std::expected<NewUser, std::string> parse_new_user(const json& body) {
  if (auto known = only_members(body, {"name", "role", "password", "organisation"}); !known)
    return std::unexpected(known.error());
  NewUser user;
  auto name = string_of(body, "name");
  if (!name) return std::unexpected(name.error());
  if (!valid_name(*name)) return std::unexpected("\"name\" must be 1-64 characters of A-Z a-z 0-9 - _ .");
  user.name = std::move(*name);
  auto role_text = string_of(body, "role");
  if (!role_text) return std::unexpected(role_text.error());
  auto role = parse_role(*role_text);
  if (!role || *role == Role::sensor) return std::unexpected("\"role\" must be admin, analyst or viewer");
  user.role = *role;
  auto password = string_of(body, "password");
  if (!password) return std::unexpected(password.error());
  if (password->size() < kMinPassword || password->size() > kMaxPassword)
    return std::unexpected(fmt::format("\"password\" must have {}..{} characters", kMinPassword, kMaxPassword));
  user.password = std::move(*password);
  user.organisation = "default";
  if (body.contains("organisation")) {
    auto organisation = string_of(body, "organisation");
    if (!organisation) return std::unexpected(organisation.error());
    user.organisation = std::move(*organisation);
  }
  return user;
}

}  // namespace

HttpResponse ApiRouter::admin_routes(const HttpRequest& request, const std::string& path,
                                     const std::map<std::string, std::string>& params, const Principal& who) {
  if (who.role != Role::admin)
    return json_error(403, "forbidden", fmt::format("the {} role cannot manage organisations and users", role_name(who.role)));
  if (!params.empty()) return json_error(400, "bad parameter", fmt::format("{} takes no parameters", path));
  if (path == "/api/v1/organisations") {
    if (request.method == "GET") return list_organisations();
    if (request.method == "POST") return add_organisation(request, who);
    return wrong_method("GET, POST");
  }
  if (path == "/api/v1/users") {
    if (request.method == "GET") return list_users();
    if (request.method == "POST") return add_user(request, who);
    return wrong_method("GET, POST");
  }
  std::string_view rest = std::string_view(path).substr(std::string_view("/api/v1/users/").size());
  auto slash = rest.find('/');
  if (slash == std::string_view::npos || rest.substr(slash) != "/tokens" || !valid_name(rest.substr(0, slash)))
    return json_error(404, "not found", fmt::format("no resource {}", path));
  if (request.method != "POST") return wrong_method("POST");
  return add_user_token(std::string(rest.substr(0, slash)), who);
}

HttpResponse ApiRouter::list_organisations() {
  auto organisations = store_.organisations();
  if (!organisations) return storage_failure(organisations.error());
  json list = json::array();
  for (const auto& organisation : *organisations)
    list.push_back({{"id", organisation.id}, {"name", organisation.name}, {"created", format_utc_time(organisation.created_us)}});
  return json_body(200, json{{"organisations", std::move(list)}});
}

HttpResponse ApiRouter::add_organisation(const HttpRequest& request, const Principal& who) {
  auto body = json_object(request);
  if (!body) return body.error();
  if (auto known = only_members(*body, {"name"}); !known) return json_error(400, "bad body", known.error());
  auto name = string_of(*body, "name");
  if (!name) return json_error(400, "bad body", name.error());
  if (!valid_name(*name)) return json_error(400, "bad body", "\"name\" must be 1-64 characters of A-Z a-z 0-9 - _ .");
  auto existing = store_.organisation_id(*name);
  if (!existing) return storage_failure(existing.error());
  if (*existing) return json_error(409, "conflict", fmt::format("organisation \"{}\" exists", *name));
  auto id = store_.add_organisation(*name, actor_of(who));
  if (!id) return storage_failure(id.error());
  return json_body(201, json{{"id", *id}, {"name", *name}});
}

HttpResponse ApiRouter::list_users() {
  auto users = store_.users();
  if (!users) return storage_failure(users.error());
  json list = json::array();
  for (const auto& user : *users)
    list.push_back({{"id", user.id},
                    {"name", user.name},
                    {"role", role_name(user.role)},
                    {"organisation", user.organisation},
                    {"created", format_utc_time(user.created_us)}});
  return json_body(200, json{{"users", std::move(list)}});
}

HttpResponse ApiRouter::add_user(const HttpRequest& request, const Principal& who) {
  auto body = json_object(request);
  if (!body) return body.error();
  auto user = parse_new_user(*body);
  if (!user) return json_error(400, "bad body", user.error());
  auto organisation = store_.organisation_id(user->organisation);
  if (!organisation) return storage_failure(organisation.error());
  if (!*organisation)
    return json_error(422, "unknown organisation", fmt::format("no organisation \"{}\"", user->organisation));
  auto existing = store_.password_hash(user->name);
  if (!existing) return storage_failure(existing.error());
  if (*existing) return json_error(409, "conflict", fmt::format("user \"{}\" exists", user->name));
  auto hash = hash_password(user->password);
  if (!hash) return json_error(500, "credential failure", hash.error().detail);
  auto token = generate_api_token();
  if (!token) return json_error(500, "credential failure", token.error().detail);
  auto id = store_.add_user(user->name, user->role, *hash, token_hash(*token), actor_of(who));
  if (!id) return storage_failure(id.error());
  if (auto moved = store_.set_user_organisation(user->name, user->organisation, actor_of(who)); !moved)
    return storage_failure(moved.error());
  return json_body(201, json{{"id", *id},
                             {"name", user->name},
                             {"role", role_name(user->role)},
                             {"organisation", user->organisation},
                             {"token", *token}});
}

HttpResponse ApiRouter::add_user_token(const std::string& user_name, const Principal& who) {
  auto token = generate_api_token();
  if (!token) return json_error(500, "credential failure", token.error().detail);
  auto added = store_.add_user_token(user_name, token_hash(*token), actor_of(who));
  if (!added) return storage_failure(added.error());
  if (!*added) return json_error(404, "not found", fmt::format("no user \"{}\"", user_name));
  return json_body(201, json{{"user", user_name}, {"token", *token}});
}

}  // namespace rampart::center
