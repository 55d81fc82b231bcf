#pragma once
// The client address a transaction's X-Forwarded-For style header names (see
// xff_options.hpp), read through the transaction's http.request_header buffer.
#include <optional>

#include "common/ip_address.hpp"
#include "output/xff_options.hpp"
#include "proto/app_parser.hpp"

namespace rampart::output {

// nullopt: the transaction has no such header, or its chosen entry is no address.
std::optional<IpAddress> forwarded_address(const proto::EveFields& tx, const XffOptions& options);

}  // namespace rampart::output
