#pragma once
// The data-channel port in the arguments and replies that set it up:
// "h1,h2,h3,h4,p1,p2" (PORT, RFC 959; the 227 reply to PASV), "|1|addr|port|"
// (EPRT, RFC 2428) and "(|||port|)" (the 229 reply to EPSV), and the address a
// PORT or EPRT command names.
#include <cstdint>
#include <optional>
#include <string_view>

#include "common/ip_address.hpp"

namespace rampart::proto::ftp {

std::optional<uint16_t> port_of_host_port(std::string_view text);  // PORT data or 227 text
std::optional<uint16_t> port_of_eprt(std::string_view text);
std::optional<uint16_t> port_of_epsv_reply(std::string_view text);
std::optional<IpAddress> address_of_host_port(std::string_view text);  // PORT data
std::optional<IpAddress> address_of_eprt(std::string_view text);

}  // namespace rampart::proto::ftp
