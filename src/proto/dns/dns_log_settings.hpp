#pragma once
// The eve-log `dns:` settings as text (a YAML list arrives as "a,aaaa,") into
// DnsLogOptions. A bad value is an error naming what is accepted.
#include <expected>
#include <string>
#include <string_view>

#include "proto/record_options.hpp"

namespace rampart::proto::dns {

// "2" or "3" (`version:`, SURICATA_EVE_DNS_VERSION).
std::expected<void, std::string> set_log_version(DnsLogOptions& options, std::string_view value);
// Record type mnemonics in any case (`types: [a, aaaa]`).
std::expected<void, std::string> set_log_rrtypes(DnsLogOptions& options, std::string_view list);
// "detailed" and/or "grouped" (`formats:`).
std::expected<void, std::string> set_log_formats(DnsLogOptions& options, std::string_view list);

}  // namespace rampart::proto::dns
