#include "center/privacy/address_pseudonym.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <memory>

namespace rampart::center::privacy {

namespace {

int bit_count(const intel::Cidr& address) { return address.family == 4 ? 32 : 128; }

bool bit_at(const std::array<uint8_t, 16>& bytes, int bit) {
  return (bytes[static_cast<size_t>(bit / 8)] >> (7 - bit % 8)) & 1u;
}

void set_bit(std::array<uint8_t, 16>& bytes, int bit, bool value) {
  auto mask = static_cast<uint8_t>(0x80u >> (bit % 8));
  auto& byte = bytes[static_cast<size_t>(bit / 8)];
  byte = static_cast<uint8_t>(value ? byte | mask : byte & ~mask);
}

void clear_host_bits(intel::Cidr& block) {
  for (int bit = block.prefix_length; bit < bit_count(block); ++bit) set_bit(block.bytes, bit, false);
}

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherContext aes_context(const std::array<uint8_t, 16>& key) {
  CipherContext context(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  EVP_EncryptInit_ex(context.get(), EVP_aes_128_ecb(), nullptr, key.data(), nullptr);
  EVP_CIPHER_CTX_set_padding(context.get(), 0);
  return context;
}

std::array<uint8_t, 16> encrypt_block(EVP_CIPHER_CTX* context, const std::array<uint8_t, 16>& block) {
  std::array<uint8_t, 32> out{};
  int length = 0;
  EVP_EncryptUpdate(context, out.data(), &length, block.data(), static_cast<int>(block.size()));
  std::array<uint8_t, 16> result{};
  std::copy_n(out.begin(), result.size(), result.begin());
  return result;
}

}  // namespace

intel::Cidr keyed_pseudonym(const intel::Cidr& address, int kept_prefix, std::string_view key) {
  std::array<uint8_t, 17> message{};
  message[0] = static_cast<uint8_t>(address.family);
  std::copy(address.bytes.begin(), address.bytes.end(), message.begin() + 1);
  std::array<uint8_t, EVP_MAX_MD_SIZE> digest{};
  unsigned int digest_length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), message.data(), message.size(), digest.data(),
       &digest_length);
  std::array<uint8_t, 16> digest_bits{};
  std::copy_n(digest.begin(), digest_bits.size(), digest_bits.begin());
  intel::Cidr out = address;
  for (int bit = kept_prefix; bit < bit_count(address); ++bit) set_bit(out.bytes, bit, bit_at(digest_bits, bit));
  clear_host_bits(out);
  return out;
}

PrefixPreservingPseudonymiser::PrefixPreservingPseudonymiser(std::string_view key) {
  std::copy_n(key.begin(), aes_key_.size(), aes_key_.begin());
  std::array<uint8_t, 16> pad_seed{};
  std::copy_n(key.begin() + 16, pad_seed.size(), pad_seed.begin());
  auto context = aes_context(aes_key_);
  pad_ = encrypt_block(context.get(), pad_seed);
}

intel::Cidr PrefixPreservingPseudonymiser::pseudonymise(const intel::Cidr& address) const {
  // Bit i of the pseudonym is bit i of the address flipped by the first bit of
  // AES(first i bits of the address, then the pad): it depends on the prefix only.
  auto context = aes_context(aes_key_);
  intel::Cidr out = address;
  std::array<uint8_t, 16> block = pad_;
  for (int bit = 0; bit < bit_count(address); ++bit) {
    bool flip = encrypt_block(context.get(), block)[0] & 0x80u;
    set_bit(out.bytes, bit, bit_at(address.bytes, bit) != flip);
    set_bit(block, bit, bit_at(address.bytes, bit));
  }
  clear_host_bits(out);
  return out;
}

}  // namespace rampart::center::privacy
