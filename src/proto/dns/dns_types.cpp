#include "proto/dns/dns_types.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace rampart::proto::dns {

namespace {

struct TypeName {
  uint16_t type;
  std::string_view name;
};

// IANA's DNS parameters registry, types with mnemonics in common use.
constexpr TypeName kTypeNames[] = {
    {1, "A"},          {2, "NS"},        {3, "MD"},         {4, "MF"},      {5, "CNAME"},    {6, "SOA"},
    {7, "MB"},         {8, "MG"},        {9, "MR"},         {10, "NULL"},   {11, "WKS"},     {12, "PTR"},
    {13, "HINFO"},     {14, "MINFO"},    {15, "MX"},        {16, "TXT"},    {17, "RP"},      {18, "AFSDB"},
    {19, "X25"},       {20, "ISDN"},     {21, "RT"},        {22, "NSAP"},   {23, "NSAPPTR"}, {24, "SIG"},
    {25, "KEY"},       {26, "PX"},       {27, "GPOS"},      {28, "AAAA"},   {29, "LOC"},     {30, "NXT"},
    {33, "SRV"},       {34, "ATMA"},     {35, "NAPTR"},     {36, "KX"},     {37, "CERT"},    {38, "A6"},
    {39, "DNAME"},     {41, "OPT"},      {42, "APL"},       {43, "DS"},     {44, "SSHFP"},   {45, "IPSECKEY"},
    {46, "RRSIG"},     {47, "NSEC"},     {48, "DNSKEY"},    {49, "DHCID"},  {50, "NSEC3"},   {51, "NSEC3PARAM"},
    {52, "TLSA"},      {55, "HIP"},      {59, "CDS"},       {60, "CDNSKEY"}, {64, "SVCB"},   {65, "HTTPS"},
    {99, "SPF"},       {249, "TKEY"},    {250, "TSIG"},     {251, "IXFR"},  {252, "AXFR"},   {253, "MAILB"},
    {254, "MAILA"},    {255, "ANY"},     {256, "URI"},      {257, "CAA"},
};

constexpr std::string_view kRcodeNames[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP",  "REFUSED",
                                            "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH",  "NOTZONE"};

std::string_view format_number(std::string_view prefix, unsigned value, NameScratch& scratch) {
  char* out = std::copy(prefix.begin(), prefix.end(), scratch.begin());
  auto [end, ec] = std::to_chars(out, scratch.data() + scratch.size(), value);
  return {scratch.data(), static_cast<size_t>(end - scratch.data())};
}

}  // namespace

std::string_view rrtype_name(uint16_t type, NameScratch& scratch) {
  for (const auto& entry : kTypeNames)
    if (entry.type == type) return entry.name;
  return format_number("TYPE", type, scratch);
}

std::optional<uint16_t> rrtype_from_name(std::string_view name) {
  auto same = [](char a, char b) { return std::toupper(static_cast<unsigned char>(a)) == b; };
  for (const auto& entry : kTypeNames)
    if (std::ranges::equal(name, entry.name, same)) return entry.type;
  return std::nullopt;
}

std::string_view rcode_name(uint8_t rcode, NameScratch& scratch) {
  if (rcode < std::size(kRcodeNames)) return kRcodeNames[rcode];
  return format_number("", rcode, scratch);
}

}  // namespace rampart::proto::dns
