#pragma once
// Content-Transfer-Encoding decoders (RFC 2045 6) fed one body line at a time
// (without its CR LF). Base64 keeps at most three undecoded characters between
// lines; quoted-printable decodes "=XX" and tells whether the line ends with a
// hard line break (no "=" soft break at its end). Output goes to a caller's
// string; each decoder holds O(1) state. `valid` turns false at the first
// malformed input (a character outside the alphabet, a bad "=" escape), which
// is then skipped.
#include <cstdint>
#include <string>
#include <string_view>

namespace rampart::proto::mime {

enum class TransferEncoding : uint8_t { Identity, Base64, QuotedPrintable };

// "base64" -> Base64, "quoted-printable" -> QuotedPrintable, anything else
// (7bit, 8bit, binary, unknown) -> Identity; case-insensitive.
TransferEncoding transfer_encoding_of(std::string_view value);

class Base64Decoder {
 public:
  void line(std::string_view text, std::string& out);
  // The part ended: a quantum of two or three characters left without its
  // padding still gives its bytes, as Suricata's decoder gives them.
  void finish(std::string& out);
  bool valid() const { return valid_; }

 private:
  uint32_t bits_ = 0;
  int count_ = 0;  // sextets in bits_
  bool padded_ = false;
  bool valid_ = true;
};

class QuotedPrintableDecoder {
 public:
  // True when the line ends with a hard line break.
  bool line(std::string_view text, std::string& out);
  bool valid() const { return valid_; }

 private:
  bool valid_ = true;
};

}  // namespace rampart::proto::mime
