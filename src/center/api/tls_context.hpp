#pragma once
// The server side of the center's TLS: an OpenSSL context holding the certificate
// chain and private key from PEM files, TLS 1.2 minimum. Errors name the file at
// fault: missing or unreadable, not PEM, or a key that does not match the certificate.
#include <boost/asio/ssl/context.hpp>
#include <expected>
#include <memory>
#include <string>

#include "center/api/http_server.hpp"

namespace rampart::center {

std::expected<std::unique_ptr<boost::asio::ssl::context>, std::string> make_server_tls_context(const TlsFiles& files);

}  // namespace rampart::center
