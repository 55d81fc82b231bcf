// FTP keywords answered by the FTP parsers' transactions rather than by a buffer a
// rule names: ftpbounce (a PORT/EPRT command naming an address other than the
// client's, as Suricata defines it) on the control channel, and
// ftpdata_command:retr|stor (the command a data channel was opened for) on ftp-data
// flows. Each is an exact match of a buffer the transaction serves.
#include <fmt/format.h>

#include "detect/buffer_registry.hpp"
#include "detect/keyword_registry.hpp"
#include "detect/keywords/keyword_families.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

namespace {

RuleResult<void> match_exactly(RuleBuilder& b, const BufferSpec& buffer, std::string_view value) {
  auto inspection = b.inspection_for(buffer);
  if (!inspection) return std::unexpected(inspection.error());
  ContentMatch exact;
  exact.pattern = std::string(value);
  exact.startswith = exact.endswith = true;
  b.add_match_to(*inspection, std::move(exact));
  return {};
}

RuleResult<void> add_ftpbounce(RuleBuilder& b, std::string_view, std::string_view) {
  static const BufferSpec kBounce{"ftpbounce", "ftp", FlowDirection::ToServer, {}};
  return match_exactly(b, kBounce, "yes");
}

RuleResult<void> add_ftpdata_command(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  static const BufferSpec kCommand{"ftpdata_command", "ftp-data", FlowDirection::Any, {}};
  std::string command = to_lower(trim(value));
  if (command == "retr") return match_exactly(b, kCommand, "RETR");
  if (command == "stor") return match_exactly(b, kCommand, "STOR");
  return invalid_value(keyword, fmt::format("'{}' is neither retr nor stor", value));
}

}  // namespace

void register_ftp_keywords(KeywordRegistry& registry) {
  registry.add({"ftpbounce", ValueUse::None, add_ftpbounce});
  registry.add({"ftpdata_command", ValueUse::Required, add_ftpdata_command});
}

}  // namespace rampart::detect
