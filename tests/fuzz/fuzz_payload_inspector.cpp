// Fuzzes the payload inspector and the transform chains: a fixed list of rules covering
// every payload keyword family and transform is parsed once, and each rule's buffers
// (transforms, then matches, then base64_data when the rule decodes) are inspected on
// the fuzzed bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include "detect/payload_inspector.hpp"
#include "detect/rule_parser.hpp"
#include "detect/transform_chain.hpp"

namespace {

using namespace rampart::detect;

const char* const kRules[] = {
    R"(alert tcp any any -> any any (content:"a"; content:"b"; within:1; content:"c"; distance:0; sid:1;))",
    R"(alert tcp any any -> any any (content:"GET"; nocase; depth:4; content:!"x"; distance:0; within:3; pcre:"/(a+)+b/R"; sid:2;))",
    R"(alert tcp any any -> any any (content:"L"; byte_extract:2,0,len,relative,little; byte_test:1,>,len,2,relative; )"
    R"(byte_jump:1,0,relative,multiplier 2,align,post_offset -1; isdataat:!len,relative; sid:3;))",
    R"(alert tcp any any -> any any (byte_math:bytes 2, offset 0, oper *, rvalue 3, result m, string hex; )"
    R"(content:"z"; distance:m; within:m; sid:4;))",
    R"(alert tcp any any -> any any (byte_extract:1,0,off; content:"y"; offset:off; depth:off; content:"w"; endswith; sid:5;))",
    R"(alert tcp any any -> any any (content:"="; base64_decode:bytes 20, relative; base64_data; content:"x"; sid:6;))",
    R"(alert tcp any any -> any any (asn1:oversize_length 10, bitstring_overflow, double_overflow, absolute_offset 0; sid:7;))",
    R"(alert tcp any any -> any any (content:"q"; asn1:bitstring_overflow, relative_offset -1; sid:8;))",
    R"(alert tcp any any -> any any (byte_jump:2,0,string,dec,from_end,post_offset -5; byte_test:4,&,0xff00,0,relative,bitmask 0xf0f0; sid:9;))",
    R"(alert tcp any any -> any any (pcre:"/^(\d+)x/"; isdataat:5,relative; byte_jump:0,0,from_beginning,post_offset 2; )"
    R"(byte_math:bytes 1, offset 0, oper <<, rvalue 70, result s, relative; isdataat:s; sid:10;))",
    R"(alert dns any any -> any any (dns.query; dotprefix; strip_whitespace; to_uppercase; content:".X"; endswith; sid:11;))",
    R"(alert http any any -> any any (http.uri; url_decode; from_base64:mode rfc2045; xor:"0a0b"; content:"k"; sid:12;))",
    R"(alert http any any -> any any (http.header; header_lowercase; strip_pseudo_headers; compress_whitespace; to_sha256; content:"|00|"; sid:13;))",
    R"x(alert http any any -> any any (http.uri; pcrexform:"a(.*)z"; to_md5; content:"|aa|"; sid:14;))x",
    R"(alert http any any -> any any (http.uri; from_base64:bytes 8, offset 1, mode strict; to_sha1; content:"|01|"; sid:15;))",
};

struct CompiledInspection {
  const BufferInspection* inspection;
  TransformChain chain;
  const BufferInspection* base64_data;  // the rule's base64_data buffer, if any
};

struct FuzzRules {
  std::vector<Signature> signatures;
  std::vector<CompiledInspection> inspections;
};

RuleContext make_context() { return RuleContext{}; }

// A rule of the list that no longer parses or compiles would silently stop being
// fuzzed: fail loudly instead.
const FuzzRules& fuzz_rules() {
  static const FuzzRules rules = [] {
    FuzzRules built;
    const RuleContext context = make_context();
    for (const char* text : kRules) {
      auto sig = parse_signature(text, context);
      if (!sig) std::abort();
      built.signatures.push_back(std::move(*sig));
    }
    for (const auto& sig : built.signatures) {
      for (const auto& inspection : sig.inspections) {
        if (inspection.buffer == "base64_data") continue;
        auto chain = TransformChain::compile(inspection.transforms);
        if (!chain) std::abort();
        built.inspections.push_back({&inspection, std::move(*chain), sig.inspection("base64_data")});
      }
    }
    return built;
  }();
  return rules;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static MatchVariables vars;
  static InspectionScratch scratch;
  static InspectionScratch base64_scratch;
  static std::vector<uint8_t> storage;
  std::span<const uint8_t> input(data, size);
  for (const auto& compiled : fuzz_rules().inspections) {
    vars.clear();
    auto buffer = compiled.chain.try_apply(input, storage);
    if (!buffer || !inspect_payload(compiled.inspection->matches, *buffer, vars, scratch)) continue;
    auto decoded = base64_data(scratch);
    if (compiled.base64_data != nullptr && !decoded.empty())
      inspect_payload(compiled.base64_data->matches, decoded, vars, base64_scratch);
  }
  return 0;
}
