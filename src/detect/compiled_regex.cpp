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
