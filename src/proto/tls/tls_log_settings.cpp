#include "proto/tls/tls_log_settings.hpp"

#include <algorithm>
#include <array>

#include "proto/setting_list.hpp"

namespace rampart::proto::tls {

std::expected<void, std::string> set_log_custom(TlsLogOptions& options, std::string_view list) {
  static constexpr auto kAlwaysLogged = std::to_array<std::string_view>(
      {"subject", "issuer", "serial", "fingerprint", "sni", "version", "not_before", "not_after", "ja3", "ja3s",
       "ja4", "subjectaltname", "client", "client_alpns", "server_alpns", "session_resumed"});
  TlsLogOptions chosen;
  auto added = for_each_item(list, [&](std::string_view item) -> std::expected<void, std::string> {
    if (item == "certificate") chosen.certificate = true;
    else if (item == "chain") chosen.chain = true;
    else if (item == "client_certificate") chosen.client_certificate = true;
    else if (item == "client_chain") chosen.client_chain = true;
    else if (item == "client_handshake") chosen.client_handshake = true;
    else if (item == "server_handshake") chosen.server_handshake = true;
    else if (std::find(kAlwaysLogged.begin(), kAlwaysLogged.end(), item) == kAlwaysLogged.end())
      return std::unexpected("'" + std::string(item) + "' is not a tls custom field");
    return {};
  });
  if (!added) return added;
  options = chosen;
  return {};
}

}  // namespace rampart::proto::tls
