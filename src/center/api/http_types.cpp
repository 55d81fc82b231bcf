#include "center/api/http_types.hpp"

#include <nlohmann/json.hpp>

namespace rampart::center {

HttpResponse json_error(unsigned status, std::string_view error, std::string_view detail) {
  nlohmann::json body{{"error", error}, {"detail", detail}};
  HttpResponse response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  response.bearer_challenge = status == 401;
  return response;
}

}  // namespace rampart::center
