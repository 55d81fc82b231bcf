#pragma once
// The eve-log `tls: custom:` list as text into TlsLogOptions. The tls record
// always carries Suricata's extended fields; of the custom names, certificate,
// chain, client_certificate and client_chain add the certificates themselves.
// A name Suricata does not know is an error.
#include <expected>
#include <string>
#include <string_view>

#include "proto/record_options.hpp"

namespace rampart::proto::tls {

std::expected<void, std::string> set_log_custom(TlsLogOptions& options, std::string_view list);

}  // namespace rampart::proto::tls
