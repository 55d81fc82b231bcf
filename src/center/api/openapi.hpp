#pragma once
// The OpenAPI 3.0 description of the center's HTTP API, served at
// GET /api/v1/openapi.json: one entry per (method, path template) the router
// answers, with its parameters, request body, the roles that may call it and its
// answers. kApiOperations is the list the document is built from.
#include <span>
#include <string>
#include <string_view>

namespace rampart::center {

struct ApiOperation {
  std::string_view method;  // lower case, as OpenAPI writes it
  std::string_view path;  // template: /api/v1/incidents/{id}
  std::string_view summary;
  std::string_view roles;  // who may call it
  bool json_body = false;  // takes an application/json request body
};

std::span<const ApiOperation> api_operations();

// The document, serialised.
const std::string& openapi_document();

}  // namespace rampart::center
