#pragma once
// HASSH (Salesforce): a fingerprint of the algorithms an SSH side offers in its
// KEXINIT message (RFC 4253 7.1), "kex;encryption;mac;compression" for the
// direction that side sends, and the string's MD5.
#include <cstdint>
#include <span>
#include <string>

namespace rampart::proto::ssh {

struct Hassh {
  std::string text, hash;
};

// `payload` starts after the message type byte. False when it is truncated.
bool hassh_of_kexinit(std::span<const uint8_t> payload, bool client, Hassh& out);

}  // namespace rampart::proto::ssh
