#define PCRE2_CODE_UNIT_WIDTH 8
#include "detect/payload_inspector.hpp"

#include <pcre2.h>

#include <algorithm>

#include "detect/inspect_asn1.hpp"
#include "detect/inspect_base64.hpp"
#include "detect/inspect_numbers.hpp"
#include "detect/inspect_search.hpp"

namespace rampart::detect {

namespace {

// base64_decode without bytes decodes at most this much (Suricata's 64 KiB cap).
constexpr size_t kBase64DecodeMax = 65535;
// An isdataat size from a variable at or above this never fits (as in Suricata).
constexpr uint64_t kIsDataAtVariableMax = 100000000;

enum class Outcome {
  Match,
  NoMatch,      // the earlier keywords may retry at another position
  Discontinue,  // no retry can help: the whole inspection fails
};

bool is_content_or_pcre(const PayloadMatch& match) {
  return std::holds_alternative<ContentMatch>(match) || std::holds_alternative<PcreMatch>(match);
}

// Whether a match starts where the previous one ended (and so depends on it).
bool is_relative(const PayloadMatch& match) {
  if (const auto* c = std::get_if<ContentMatch>(&match)) return c->is_relative();
  if (const auto* p = std::get_if<PcreMatch>(&match)) return p->relative;
  if (const auto* t = std::get_if<ByteTest>(&match)) return t->read.relative;
  if (const auto* j = std::get_if<ByteJump>(&match)) return j->read.relative;
  if (const auto* e = std::get_if<ByteExtract>(&match)) return e->read.relative;
  if (const auto* m = std::get_if<ByteMath>(&match)) return m->read.relative;
  if (const auto* d = std::get_if<IsDataAt>(&match)) return d->relative;
  if (const auto* b = std::get_if<Base64Decode>(&match)) return b->relative;
  return std::get<Asn1Check>(match).relative_offset.has_value();
}

// One inspect_payload call: the position (end of the previous match) and the budget of
// keyword evaluations, walking the matches by recursion so that an earlier content or
// pcre can retry at its next occurrence.
class Inspection {
 public:
  Inspection(std::span<const PayloadMatch> matches, std::span<const uint8_t> buffer, MatchVariables& vars,
             InspectionScratch& scratch, size_t min_end)
      : matches_(matches), buffer_(buffer), vars_(vars), scratch_(scratch), min_end_(min_end) {}

  Outcome run(size_t index) {
    if (++evaluations_ >= scratch_.inspection_limit()) {
      scratch_.set_inspection_limit_reached(true);
      return Outcome::Discontinue;
    }
    return std::visit([&](const auto& match) { return inspect(match, index); }, matches_[index]);
  }

 private:
  // The keyword at index held: the rest of the list decides.
  Outcome next(size_t index) {
    if (index + 1 < matches_.size()) return run(index + 1);
    return min_end_ == 0 || position_ > min_end_ ? Outcome::Match : Outcome::NoMatch;
  }

  // A value as stored: constants as parsed, variables as extracted; nullopt for a
  // variable no byte_extract / byte_math of this evaluation has set.
  std::optional<uint64_t> resolve_value(const PositionValue& value) const {
    if (!value.is_variable()) return static_cast<uint64_t>(value.value);
    return vars_.get(value.variable);
  }

  // A position or distance, clamped to just beyond the buffer size either way: any value
  // past that selects the same (empty) window, and the arithmetic cannot overflow.
  std::optional<int64_t> resolve(const PositionValue& value) const {
    const auto limit = static_cast<int64_t>(buffer_.size()) + 1;
    if (!value.is_variable()) return std::clamp<int64_t>(value.value, -limit, limit);
    auto stored = vars_.get(value.variable);
    if (!stored) return std::nullopt;
    return static_cast<int64_t>(std::min<uint64_t>(*stored, static_cast<uint64_t>(limit)));
  }

  struct Window {
    int64_t start = 0;
    int64_t end = 0;
  };

  std::optional<Window> content_window(const ContentMatch& c, size_t previous_end) const;
  Outcome inspect(const ContentMatch& c, size_t index);
  Outcome inspect(const PcreMatch& p, size_t index);
  Outcome inspect(const ByteTest& test, size_t index);
  Outcome inspect(const ByteJump& jump, size_t index);
  Outcome inspect(const ByteExtract& extract, size_t index);
  Outcome inspect(const ByteMath& math, size_t index);
  Outcome inspect(const IsDataAt& check, size_t index);
  Outcome inspect(const Base64Decode& decode, size_t index);
  Outcome inspect(const Asn1Check& check, size_t index);

  int exec_pcre(const PcreMatch& p, size_t subject_start, size_t start_offset) const;
  void record_captures(const PcreMatch& p, size_t subject_start, int groups_set);
  bool content_within_next(size_t index) const;
  bool pcre_relative_next(size_t index) const;

  std::span<const PayloadMatch> matches_;
  std::span<const uint8_t> buffer_;
  MatchVariables& vars_;
  InspectionScratch& scratch_;
  size_t min_end_;
  size_t position_ = 0;
  uint32_t evaluations_ = 0;
};

// Suricata retries a content at its next occurrence only when the next content or pcre
// is a content with within: that one's window moves with this match.
bool Inspection::content_within_next(size_t index) const {
  for (size_t i = index + 1; i < matches_.size(); ++i) {
    if (!is_content_or_pcre(matches_[i])) continue;
    const auto* c = std::get_if<ContentMatch>(&matches_[i]);
    return c != nullptr && c->within.has_value();
  }
  return false;
}

// A pcre is retried at its next match when a keyword relative to it follows.
bool Inspection::pcre_relative_next(size_t index) const {
  for (size_t i = index + 1; i < matches_.size(); ++i)
    if (is_relative(matches_[i]) || is_content_or_pcre(matches_[i])) return is_relative(matches_[i]);
  return false;
}

// The [start, end) range a content may occupy: offset/depth (depth counts from offset)
// for an absolute content, distance/within from the previous match for a relative one.
std::optional<Inspection::Window> Inspection::content_window(const ContentMatch& c, size_t previous_end) const {
  const auto size = static_cast<int64_t>(buffer_.size());
  Window window{0, size};
  if (c.is_relative()) {
    const auto previous = static_cast<int64_t>(previous_end);
    int64_t distance = 0;
    if (c.distance) {
      auto d = resolve(*c.distance);
      if (!d) return std::nullopt;
      distance = *d;
    }
    window.start = std::max<int64_t>(previous + distance, 0);
    if (c.within) {
      auto within = resolve(*c.within);
      if (!within) return std::nullopt;
      window.end = std::clamp<int64_t>(previous + distance + *within, 0, size);
    }
    return window;
  }
  if (c.startswith) {
    window.end = std::min<int64_t>(static_cast<int64_t>(c.pattern.size()), size);
    return window;
  }
  if (c.offset) {
    auto offset = resolve(*c.offset);
    if (!offset) return std::nullopt;
    window.start = *offset;
  }
  if (c.depth) {
    auto depth = resolve(*c.depth);
    if (!depth) return std::nullopt;
    window.end = std::min(size, window.start + *depth);
  }
  return window;
}

Outcome Inspection::inspect(const ContentMatch& c, size_t index) {
  const size_t previous_end = position_;
  std::optional<size_t> retry_from;
  while (true) {
    auto window = content_window(c, previous_end);
    if (!window) return Outcome::NoMatch;
    int64_t start = retry_from ? static_cast<int64_t>(*retry_from) : window->start;
    if (start > window->end || window->end == 0) return c.negated ? next(index) : Outcome::NoMatch;
    auto found = find_content(buffer_, static_cast<size_t>(start), static_cast<size_t>(window->end), c);
    if (c.negated) {
      if (!found) return next(index);
      return c.is_relative() ? Outcome::NoMatch : Outcome::Discontinue;
    }
    if (!found) return c.is_relative() ? Outcome::NoMatch : Outcome::Discontinue;
    position_ = *found + c.pattern.size();
    Outcome rest = next(index);
    if (rest != Outcome::NoMatch) return rest;
    if (!content_within_next(index) && min_end_ == 0) return Outcome::Discontinue;
    retry_from = *found + 1;
  }
}

int Inspection::exec_pcre(const PcreMatch& p, size_t subject_start, size_t start_offset) const {
  const auto* subject = reinterpret_cast<PCRE2_SPTR>(buffer_.data() + subject_start);
  size_t length = buffer_.size() - subject_start;
  bool limited = p.flags.find('O') == std::string::npos;
  pcre2_match_context* context = scratch_.match_context(limited);
  if (p.regex->jit_compiled())
    return pcre2_jit_match(p.regex->code(), subject, length, start_offset, 0, scratch_.match_data(), context);
  return pcre2_match(p.regex->code(), subject, length, start_offset, 0, scratch_.match_data(), context);
}

// groups_set: pcre2_match's result, one more than the highest group that matched.
void Inspection::record_captures(const PcreMatch& p, size_t subject_start, int groups_set) {
  const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(scratch_.match_data());
  const auto subject = buffer_.subspan(subject_start);
  for (const auto& capture : p.captures) {
    if (static_cast<int>(capture.group) >= groups_set) continue;
    PCRE2_SIZE start = ovector[2 * capture.group], end = ovector[2 * capture.group + 1];
    if (start == PCRE2_UNSET || end < start || end > subject.size()) continue;
    vars_.capture(capture, subject.subspan(start, end - start));
  }
}

// pcre: a match moves the position to its end; when a relative keyword follows and the
// rest fails, the search resumes one byte after the start of this match.
Outcome Inspection::inspect(const PcreMatch& p, size_t index) {
  if (p.regex == nullptr) return Outcome::NoMatch;
  const size_t previous_end = position_;
  const size_t subject_start = p.relative ? previous_end : 0;
  const size_t length = buffer_.size() - subject_start;
  size_t start_offset = 0;
  while (start_offset <= length) {
    int rc = exec_pcre(p, subject_start, start_offset);
    if (rc < 0 && rc != PCRE2_ERROR_NOMATCH) return Outcome::NoMatch;
    if (p.negated) return rc < 0 ? next(index) : Outcome::NoMatch;
    if (rc < 0) return Outcome::NoMatch;
    const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(scratch_.match_data());
    position_ = subject_start + std::min<size_t>(ovector[1], length);
    record_captures(p, subject_start, rc);
    if (!pcre_relative_next(index) && min_end_ == 0) return next(index);
    Outcome rest = next(index);
    if (rest != Outcome::NoMatch) return rest;
    position_ = previous_end;
    start_offset = std::max(start_offset, static_cast<size_t>(ovector[0])) + 1;
  }
  return Outcome::NoMatch;
}

Outcome Inspection::inspect(const ByteTest& test, size_t index) {
  auto offset = resolve(test.read.offset);
  auto expected = resolve_value(test.value);
  if (!offset || !expected) return Outcome::NoMatch;
  auto read = read_number(test.read, *offset, buffer_, position_);
  if (!read) return Outcome::NoMatch;
  uint64_t value = test.read.bitmask ? apply_bitmask(read->value, *test.read.bitmask) : read->value;
  bool holds = compare_number(test.op, value, *expected);
  return holds != test.negated ? next(index) : Outcome::NoMatch;
}

Outcome Inspection::inspect(const ByteJump& jump, size_t index) {
  auto offset = resolve(jump.read.offset);
  if (!offset || buffer_.empty()) return Outcome::NoMatch;
  auto read = read_number(jump.read, *offset, buffer_, position_);
  if (!read) return Outcome::NoMatch;
  if (jump.read.bitmask) read->value = apply_bitmask(read->value, *jump.read.bitmask);
  auto target = byte_jump_target(jump, *read, buffer_.size());
  if (!target) return Outcome::NoMatch;
  position_ = *target;
  return next(index);
}

Outcome Inspection::inspect(const ByteExtract& extract, size_t index) {
  auto read = read_number(extract.read, extract.read.offset.value, buffer_, position_);
  if (!read) return Outcome::NoMatch;
  uint64_t value = extract.read.bitmask ? apply_bitmask(read->value, *extract.read.bitmask) : read->value;
  value *= extract.multiplier;
  if (extract.align != 0 && value % extract.align != 0) value += extract.align - value % extract.align;
  position_ = read->end;
  vars_.set(extract.name, value);
  return next(index);
}

Outcome Inspection::inspect(const ByteMath& math, size_t index) {
  auto rvalue = resolve_value(math.rvalue);
  if (!rvalue || buffer_.empty()) return Outcome::NoMatch;
  auto read = read_number(math.read, math.read.offset.value, buffer_, position_);
  if (!read) return Outcome::NoMatch;
  position_ = read->end;
  auto value = byte_math_apply(math.op, read->value, *rvalue);
  if (!value) return Outcome::NoMatch;
  vars_.set(math.result, math.read.bitmask ? apply_bitmask(*value, *math.read.bitmask) : *value);
  return next(index);
}

// isdataat: relative checks that size bytes remain after the previous match, absolute
// that the byte at index size exists.
Outcome Inspection::inspect(const IsDataAt& check, size_t index) {
  const bool from_variable = check.size.is_variable();
  auto wanted = resolve_value(check.size);
  if (!wanted) return Outcome::NoMatch;
  const Outcome missing = from_variable ? Outcome::NoMatch : Outcome::Discontinue;
  if (from_variable && *wanted >= kIsDataAtVariableMax) return check.negated ? next(index) : Outcome::NoMatch;
  bool present = check.relative ? position_ + *wanted <= buffer_.size() : *wanted < buffer_.size();
  if (present) {
    if (!check.negated) return next(index);
    return check.relative ? Outcome::NoMatch : missing;
  }
  return check.negated ? next(index) : missing;
}

Outcome Inspection::inspect(const Base64Decode& decode, size_t index) {
  size_t start = decode.relative ? position_ : 0;
  size_t available = buffer_.size() - start;
  if (decode.offset != 0) {
    if (decode.offset >= available) return Outcome::NoMatch;
    start += decode.offset;
    available -= decode.offset;
  }
  size_t length = std::min<size_t>(available, decode.bytes != 0 ? decode.bytes : kBase64DecodeMax);
  auto& output = scratch_.base64_output();
  output.resize(length);
  auto written = decode_base64(buffer_.subspan(start, length), Base64Mode::Rfc4648, output.data());
  output.resize(written.value_or(0));
  return output.empty() ? Outcome::NoMatch : next(index);
}

Outcome Inspection::inspect(const Asn1Check& check, size_t index) {
  return asn1_check_matches(check, buffer_, position_) ? next(index) : Outcome::NoMatch;
}

}  // namespace

bool inspect_payload(std::span<const PayloadMatch> matches, std::span<const uint8_t> buffer, MatchVariables& vars,
                     InspectionScratch& scratch, size_t min_end) {
  scratch.base64_output().clear();
  scratch.set_inspection_limit_reached(false);
  if (matches.empty()) return true;
  return Inspection(matches, buffer, vars, scratch, min_end).run(0) == Outcome::Match;
}

std::span<const uint8_t> base64_data(const InspectionScratch& scratch) { return scratch.base64_output(); }

}  // namespace rampart::detect
