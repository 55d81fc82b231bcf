#include "proto/mime/transfer_decoder.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace rampart::proto::mime {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::optional<uint32_t> sextet(char c) {
  if (c >= 'A' && c <= 'Z') return static_cast<uint32_t>(c - 'A');
  if (c >= 'a' && c <= 'z') return static_cast<uint32_t>(c - 'a' + 26);
  if (c >= '0' && c <= '9') return static_cast<uint32_t>(c - '0' + 52);
  if (c == '+') return 62u;
  if (c == '/') return 63u;
  return std::nullopt;
}

std::optional<int> hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return std::nullopt;
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

TransferEncoding transfer_encoding_of(std::string_view value) {
  if (iequals(value, "base64")) return TransferEncoding::Base64;
  if (iequals(value, "quoted-printable")) return TransferEncoding::QuotedPrintable;
  return TransferEncoding::Identity;
}

void Base64Decoder::line(std::string_view text, std::string& out) {
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r') continue;
    if (c == '=') {  // padding ends a quantum: what is held becomes its bytes
      if (!padded_) finish(out);
      padded_ = true;
      continue;
    }
    auto value = sextet(c);
    if (!value) {
      valid_ = false;
      continue;
    }
    padded_ = false;
    bits_ = (bits_ << 6) | *value;
    if (++count_ == 4) {
      out.push_back(static_cast<char>(bits_ >> 16));
      out.push_back(static_cast<char>(bits_ >> 8));
      out.push_back(static_cast<char>(bits_));
      bits_ = 0;
      count_ = 0;
    }
  }
}

void Base64Decoder::finish(std::string& out) {
  if (count_ >= 2) {
    out.push_back(static_cast<char>(bits_ >> (count_ * 6 - 8)));
    if (count_ == 3) out.push_back(static_cast<char>(bits_ >> 2));
  }
  bits_ = 0;
  count_ = 0;
}

bool QuotedPrintableDecoder::line(std::string_view text, std::string& out) {
  text = trim_right(text);  // RFC 2045 6.7 (3): trailing blanks are not data
  bool soft_break = false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '=') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 1 == text.size()) {
      soft_break = true;
      break;
    }
    bool escape = i + 2 < text.size();
    auto high = escape ? hex_digit(text[i + 1]) : std::nullopt;
    auto low = escape ? hex_digit(text[i + 2]) : std::nullopt;
    if (!high || !low) {
      valid_ = false;
      out.push_back('=');
      continue;
    }
    out.push_back(static_cast<char>(*high * 16 + *low));
    i += 2;
  }
  return !soft_break;
}

}  // namespace rampart::proto::mime
