#pragma once
// A PCRE2 pattern compiled (and JIT-compiled when available), owned by RAII.
#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <string_view>

struct pcre2_real_code_8;

namespace rampart::detect {

class CompiledRegex {
 public:
  // options: PCRE2_* compile options. On failure returns PCRE2's message and offset.
  static std::expected<std::shared_ptr<const CompiledRegex>, std::string> compile(std::string_view pattern, uint32_t options);

  struct Key {
    explicit Key() = default;
  };
  CompiledRegex(Key, pcre2_real_code_8* code, bool jit) : code_(code), jit_(jit) {}

  const pcre2_real_code_8* code() const { return code_.get(); }
  bool jit_compiled() const { return jit_; }

 private:
  struct CodeDeleter {
    void operator()(pcre2_real_code_8* code) const;
  };

  std::unique_ptr<pcre2_real_code_8, CodeDeleter> code_;
  bool jit_ = false;
};

}  // namespace rampart::detect
