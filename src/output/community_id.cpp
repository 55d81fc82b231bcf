#include "output/community_id.hpp"

#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <optional>

#include "common/byte_text.hpp"
#include "output/eve_common_fields.hpp"

namespace rampart::output {

namespace {

constexpr uint8_t kIcmp = 1, kIcmp6 = 58;

// The reply type of an ICMP request and the other way round (the spec's pairs).
std::optional<uint8_t> icmp_counterpart(uint8_t proto, uint8_t type) {
  static constexpr std::array<std::pair<uint8_t, uint8_t>, 5> kV4{{{8, 0}, {13, 14}, {15, 16}, {10, 9}, {17, 18}}};
  static constexpr std::array<std::pair<uint8_t, uint8_t>, 6> kV6{
      {{128, 129}, {130, 131}, {133, 134}, {135, 136}, {139, 140}, {144, 145}}};
  auto find = [type](const auto& pairs) -> std::optional<uint8_t> {
    for (auto [a, b] : pairs) {
      if (type == a) return b;
      if (type == b) return a;
    }
    return std::nullopt;
  };
  return proto == kIcmp ? find(kV4) : find(kV6);
}

struct Endpoint {
  const IpAddress* address;
  uint16_t port;
};

// The hash input: seed, two addresses, protocol, padding, two ports (at most 40 bytes),
// built on the stack since every record of the flow computes it.
class HashInput {
 public:
  void put(uint8_t v) { bytes_[size_++] = v; }
  void put_u16(uint16_t v) {
    put(static_cast<uint8_t>(v >> 8));
    put(static_cast<uint8_t>(v));
  }
  void put_address(const IpAddress& a) {
    const size_t n = a.is_v4() ? 4 : 16;
    std::copy_n(a.bytes().begin(), n, bytes_.begin() + static_cast<std::ptrdiff_t>(size_));
    size_ += n;
  }
  const uint8_t* data() const { return bytes_.data(); }
  size_t size() const { return size_; }

 private:
  std::array<uint8_t, 40> bytes_{};
  size_t size_ = 0;
};

}  // namespace

void append_community_id(std::string& out, const flow::Flow& f, uint16_t seed) {
  Endpoint src{&f.client, f.client_port}, dst{&f.server, f.server_port};
  bool one_way = false;
  if (f.ip_proto == kIcmp || f.ip_proto == kIcmp6) {
    const size_t side = f.icmp_seen[0] ? 0 : 1;
    const uint8_t type = f.icmp_type[side], code = f.icmp_code[side];
    auto reply = icmp_counterpart(f.ip_proto, type);
    src.port = type;
    dst.port = reply.value_or(code);
    one_way = !reply;
    if (side == 1) std::swap(src.address, dst.address);
  }
  const bool ordered = *src.address < *dst.address || (*src.address == *dst.address && src.port < dst.port);
  if (!one_way && !ordered) std::swap(src, dst);
  HashInput input;
  input.put_u16(seed);
  input.put_address(*src.address);
  input.put_address(*dst.address);
  input.put(f.ip_proto);
  input.put(0);
  if (has_ports(f.ip_proto) || f.ip_proto == kIcmp || f.ip_proto == kIcmp6) {
    input.put_u16(src.port);
    input.put_u16(dst.port);
  }
  std::array<uint8_t, SHA_DIGEST_LENGTH> digest{};
  SHA1(input.data(), input.size(), digest.data());
  out += "1:";
  append_base64(out, digest);
}

}  // namespace rampart::output
