#pragma once
// TAXII 2.1 on the wire: the media type, the Accept and Content-Type checks (406 and
// 415), responses whose body is TAXII JSON, the TAXII error message every 4xx carries,
// the credentials of an Authorization header (HTTP Basic or Bearer), and fresh UUIDs.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "center/api/http_types.hpp"

namespace rampart::center::taxii {

inline constexpr std::string_view kTaxiiMediaType = "application/taxii+json;version=2.1";
inline constexpr std::string_view kStixMediaType = "application/stix+json;version=2.1";

// True when the Accept header admits TAXII 2.1 JSON (absent, */*, application/*,
// application/taxii+json with no version or version=2.1).
bool accepts_taxii(std::string_view accept);
// True when Content-Type is application/taxii+json with no version or version=2.1.
bool is_taxii_content(std::string_view content_type);

HttpResponse taxii_response(unsigned status, const nlohmann::ordered_json& body);
// The TAXII error message: {"title", "description", "http_status"}.
HttpResponse taxii_error(unsigned status, std::string_view title, std::string_view description);

struct BasicCredentials {
  std::string user;
  std::string password;
};

// "Basic base64(user:password)"; nullopt for any other form or bad base64.
std::optional<BasicCredentials> basic_credentials(std::string_view authorization);

// A random (version 4) UUID in lower-case text; nullopt when the system has no randomness.
std::optional<std::string> random_uuid();

}  // namespace rampart::center::taxii
