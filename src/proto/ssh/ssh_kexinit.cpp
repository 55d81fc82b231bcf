#include "proto/ssh/ssh_kexinit.hpp"

#include <array>
#include <string_view>

#include "proto/tls/byte_reader.hpp"
#include "proto/tls/digest.hpp"

namespace rampart::proto::ssh {

namespace {

constexpr size_t kCookieSize = 16;

// The KEXINIT name-lists in wire order.
enum NameList : size_t { Kex, HostKey, EncC2S, EncS2C, MacC2S, MacS2C, CompC2S, CompS2C, kListCount };

}  // namespace

bool hassh_of_kexinit(std::span<const uint8_t> payload, bool client, Hassh& out) {
  tls::ByteReader r(payload);
  r.take(kCookieSize);
  std::array<std::string_view, kListCount> lists;
  for (auto& list : lists) {
    auto bytes = r.take(r.u32());
    list = {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
  }
  if (!r.ok()) return false;
  const auto& [enc, mac, comp] = client ? std::array{lists[EncC2S], lists[MacC2S], lists[CompC2S]}
                                        : std::array{lists[EncS2C], lists[MacS2C], lists[CompS2C]};
  out.text = std::string(lists[Kex]) + ';' + std::string(enc) + ';' + std::string(mac) + ';' + std::string(comp);
  out.hash = tls::md5_hex(out.text);
  return true;
}

}  // namespace rampart::proto::ssh
