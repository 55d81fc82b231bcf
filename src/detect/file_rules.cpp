#include "detect/file_rules.hpp"

#include "proto/file_hasher.hpp"

namespace rampart::detect {

namespace {

uint8_t hash_of_buffer(std::string_view buffer) {
  if (buffer == "file.md5") return proto::file_hash::kMd5;
  if (buffer == "file.sha1") return proto::file_hash::kSha1;
  if (buffer == "file.sha256") return proto::file_hash::kSha256;
  return 0;
}

}  // namespace

FileRuleNeeds file_rule_needs(const RuleSet& rules) {
  FileRuleNeeds needs;
  for (size_t id = 0; id < rules.size(); ++id) {
    const Signature& sig = rules.rule(static_cast<uint32_t>(id)).sig;
    for (const auto& inspection : sig.inspections) needs.hashes |= hash_of_buffer(inspection.buffer);
    needs.store = needs.store || sig.file_store.has_value();
  }
  return needs;
}

}  // namespace rampart::detect
