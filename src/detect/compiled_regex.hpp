#pragma once
// A PCRE2 pattern compiled, owned by RAII. The JIT compile is deferred to the first
// use: most rules of a large rule set never get as far as their pcre, and JIT code
// costs load time and executable memory. The first use, from any worker, JIT-compiles
// once (std::call_once); later ones only read.
#include <cstdint>
#include <expected>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct pcre2_real_code_8;

namespace rampart::detect {

class CompiledRegex {
 public:
  // options: PCRE2_* compile options. On failure returns PCRE2's message and offset.
  static std::expected<std::shared_ptr<const CompiledRegex>, std::string> compile(std::string_view pattern, uint32_t options);

  struct Key {
    explicit Key() = default;
  };
  CompiledRegex(Key, pcre2_real_code_8* code) : code_(code) {}

  // The code to match with, JIT-compiled when PCRE2 can.
  const pcre2_real_code_8* code() const {
    ensure_jit();
    return code_.get();
  }
  bool jit_compiled() const {
    ensure_jit();
    return jit_;
  }

  // The number of capturing groups, and the named ones with their group numbers (read
  // from the compiled pattern, without JIT-compiling it).
  uint32_t capture_count() const;
  std::vector<std::pair<std::string, uint32_t>> named_groups() const;

 private:
  struct CodeDeleter {
    void operator()(pcre2_real_code_8* code) const;
  };
  void ensure_jit() const;

  std::unique_ptr<pcre2_real_code_8, CodeDeleter> code_;
  mutable std::once_flag jit_once_;
  mutable bool jit_ = false;
};

}  // namespace rampart::detect
