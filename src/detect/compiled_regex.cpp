#define PCRE2_CODE_UNIT_WIDTH 8
#include "detect/compiled_regex.hpp"

#include <fmt/format.h>
#include <pcre2.h>

#include <array>

namespace rampart::detect {

void CompiledRegex::CodeDeleter::operator()(pcre2_real_code_8* code) const { pcre2_code_free(code); }

void CompiledRegex::ensure_jit() const {
  std::call_once(jit_once_, [this] { jit_ = pcre2_jit_compile(code_.get(), PCRE2_JIT_COMPLETE) == 0; });
}

uint32_t CompiledRegex::capture_count() const {
  uint32_t count = 0;
  pcre2_pattern_info(code_.get(), PCRE2_INFO_CAPTURECOUNT, &count);
  return count;
}

// PCRE2's name table: entries of entry_size bytes, a 2-byte big-endian group number
// then the NUL-terminated name.
std::vector<std::pair<std::string, uint32_t>> CompiledRegex::named_groups() const {
  uint32_t count = 0, entry_size = 0;
  PCRE2_SPTR table = nullptr;
  pcre2_pattern_info(code_.get(), PCRE2_INFO_NAMECOUNT, &count);
  pcre2_pattern_info(code_.get(), PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
  pcre2_pattern_info(code_.get(), PCRE2_INFO_NAMETABLE, &table);
  std::vector<std::pair<std::string, uint32_t>> groups;
  for (uint32_t i = 0; i < count && table != nullptr; ++i) {
    PCRE2_SPTR entry = table + static_cast<size_t>(i) * entry_size;
    uint32_t group = (static_cast<uint32_t>(entry[0]) << 8) | entry[1];
    groups.emplace_back(reinterpret_cast<const char*>(entry + 2), group);
  }
  return groups;
}

std::expected<std::shared_ptr<const CompiledRegex>, std::string> CompiledRegex::compile(std::string_view pattern, uint32_t options) {
  int error_code = 0;
  PCRE2_SIZE error_offset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), options, &error_code,
                                   &error_offset, nullptr);
  if (code == nullptr) {
    std::array<PCRE2_UCHAR, 256> message{};
    pcre2_get_error_message(error_code, message.data(), message.size());
    return std::unexpected(fmt::format("{} at offset {}", reinterpret_cast<const char*>(message.data()), error_offset));
  }
  return std::make_shared<const CompiledRegex>(Key{}, code);
}

}  // namespace rampart::detect
