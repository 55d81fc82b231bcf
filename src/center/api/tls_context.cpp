#include "center/api/tls_context.hpp"

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace rampart::center {

namespace ssl = boost::asio::ssl;

namespace {

// OpenSSL's own messages for an absent file are vague, so readability is checked first.
std::expected<void, std::string> check_readable(const std::string& what, const std::string& path) {
  if (path.empty()) return std::unexpected(fmt::format("TLS needs both a certificate and a key; the {} is missing", what));
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(fmt::format("TLS {} {}: cannot read it ({})", what, path, std::strerror(errno)));
  return {};
}

}  // namespace

std::expected<std::unique_ptr<ssl::context>, std::string> make_server_tls_context(const TlsFiles& files) {
  if (auto readable = check_readable("certificate", files.certificate); !readable) return std::unexpected(readable.error());
  if (auto readable = check_readable("key", files.key); !readable) return std::unexpected(readable.error());
  auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
  if (SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION) != 1)
    return std::unexpected("TLS: cannot require TLS 1.2 or later");
  context->set_options(ssl::context::default_workarounds | ssl::context::single_dh_use);
  boost::system::error_code ec;
  context->use_certificate_chain_file(files.certificate, ec);
  if (ec)
    return std::unexpected(fmt::format("TLS certificate {}: not a usable PEM certificate ({})", files.certificate, ec.message()));
  context->use_private_key_file(files.key, ssl::context::pem, ec);
  // OpenSSL compares the key with the certificate as it loads it.
  if (ec && ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == X509_R_KEY_VALUES_MISMATCH)
    return std::unexpected(fmt::format("TLS key {} does not match the certificate {}", files.key, files.certificate));
  if (ec) return std::unexpected(fmt::format("TLS key {}: not a usable PEM private key ({})", files.key, ec.message()));
  if (SSL_CTX_check_private_key(context->native_handle()) != 1)
    return std::unexpected(
        fmt::format("TLS key {} does not match the certificate {}", files.key, files.certificate));
  return context;
}

}  // namespace rampart::center
