// The file keywords, as Suricata's: filename / fileext / filemagic (legacy forms,
// a case-insensitive content on file.name / file.magic, `!` negating it; filename
// and file.magic without a value are the sticky buffers), filesize (a size
// comparison on the whole file), filemd5 / filesha1 / filesha256 (the file's
// digest is [not] in a list file, one hex digest a line, its path relative to the
// rule file), and filestore[:DIRECTION[,SCOPE]]. Each one makes the rule inspect
// the files of a transaction: the protocols serve file.size, file.md5 ... per
// file (proto/file_buffers.hpp), so a rule without them costs packets nothing.
#include <fmt/format.h>

#include "detect/buffer_registry.hpp"
#include "detect/content_pattern.hpp"
#include "detect/dataset_match.hpp"
#include "detect/keyword_registry.hpp"
#include "detect/keywords/keyword_families.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

namespace {

const BufferSpec kFileSize{"file.size", "", FlowDirection::Any, {}};

const BufferSpec& registered(std::string_view name) { return *BufferRegistry::builtin().find(name); }

// A content on buffer without selecting it: nocase, `!` negates; fileext's is the end of the name.
RuleResult<void> add_file_content(RuleBuilder& b, std::string_view keyword, std::string_view value,
                                  const BufferSpec& buffer, bool extension) {
  auto pattern = decode_content_pattern(keyword, value);
  if (!pattern) return std::unexpected(pattern.error());
  if (pattern->bytes.empty()) return invalid_value(keyword, "an empty name");
  auto inspection = b.inspection_for(buffer);
  if (!inspection) return std::unexpected(inspection.error());
  ContentMatch content;
  content.pattern = extension ? "." + pattern->bytes : std::move(pattern->bytes);
  content.negated = pattern->negated;
  content.nocase = true;
  content.endswith = extension;
  b.add_match_to(*inspection, std::move(content));
  return {};
}

// filename / filemagic: the sticky buffer without a value, the legacy content with one.
RuleResult<void> add_file_name_or_magic(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  const BufferSpec& buffer = registered(keyword == "filename" ? "file.name" : "file.magic");
  if (trim(value).empty()) return b.select_buffer(buffer);
  return add_file_content(b, keyword, value, buffer, false);
}

RuleResult<void> add_fileext(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  return add_file_content(b, keyword, value, registered("file.name"), true);
}

// "[to_client|to_server,] COMPARISON": a "=>" rule names the side whose files it means.
RuleResult<void> add_filesize(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  std::optional<FlowDirection> side;
  if (size_t comma = value.find(','); comma != std::string_view::npos) {
    auto named = b.transaction_side(keyword, kFileSize, trim(value.substr(0, comma)));
    if (!named) return std::unexpected(named.error());
    side = *named;
    value = value.substr(comma + 1);
  }
  auto condition = parse_numeric_condition(trim(value), UINT64_MAX - 1);
  if (!condition) return invalid_value(keyword, fmt::format("'{}' is not a size comparison", value));
  auto inspection = b.inspection_for(kFileSize, side);
  if (!inspection) return std::unexpected(inspection.error());
  b.signature().inspections[*inspection].values.push_back(*condition);
  return {};
}

// filemd5 / filesha1 / filesha256: membership of the file's digest in a set
// loaded from the list file (a dataset of that digest type, see dataset_match.hpp).
RuleResult<void> add_file_hash_list(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  std::string_view path = trim(value);
  bool negated = path.starts_with('!');
  if (negated) path = trim(path.substr(1));
  std::string file = unquote(path);
  if (file.empty()) return invalid_value(keyword, "no list file");
  std::string_view type = keyword.substr(4);  // md5, sha1, sha256
  static const BufferSpec kDigests[] = {{"file.md5", "", FlowDirection::Any, {}},
                                        {"file.sha1", "", FlowDirection::Any, {}},
                                        {"file.sha256", "", FlowDirection::Any, {}}};
  const BufferSpec& buffer = type == "md5" ? kDigests[0] : type == "sha1" ? kDigests[1] : kDigests[2];
  auto inspection = b.inspection_for(buffer);
  if (!inspection) return std::unexpected(inspection.error());
  DatasetCondition list;
  list.command = negated ? "isnotset" : "isset";
  list.name = std::string(kFileHashListPrefix) + file;
  list.type = std::string(type);
  list.load = file;
  list.inspection = *inspection;
  b.signature().datasets.push_back(std::move(list));
  return {};
}

RuleResult<FileStoreRequest::Side> store_side(std::string_view keyword, std::string_view word) {
  using Side = FileStoreRequest::Side;
  if (word == "request" || word == "to_server") return Side::ToServer;
  if (word == "response" || word == "to_client") return Side::ToClient;
  if (word == "both") return Side::Both;
  return invalid_value(keyword, fmt::format("'{}' is not request, to_server, response, to_client or both", word));
}

RuleResult<FileStoreRequest::Scope> store_scope(std::string_view keyword, std::string_view word) {
  using Scope = FileStoreRequest::Scope;
  if (word == "file") return Scope::File;
  if (word == "tx") return Scope::Transaction;
  if (word == "ssn" || word == "flow") return Scope::Flow;
  return invalid_value(keyword, fmt::format("'{}' is not file, tx, ssn or flow", word));
}

// The rule inspects the files (a file must exist for it to match), and marks them to be stored.
RuleResult<void> add_filestore(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  if (b.signature().file_store) return rule_error("duplicate keyword", "filestore given twice");
  FileStoreRequest request;
  auto items = split_trimmed(value, ',');
  if (items.size() > 2) return invalid_value(keyword, fmt::format("'{}' is not DIRECTION[,SCOPE]", value));
  if (!items.empty() && !items[0].empty()) {
    auto side = store_side(keyword, items[0]);
    if (!side) return std::unexpected(side.error());
    request.side = *side;
  }
  if (items.size() == 2) {
    auto scope = store_scope(keyword, items[1]);
    if (!scope) return std::unexpected(scope.error());
    request.scope = *scope;
  }
  if (auto inspection = b.inspection_for(kFileSize); !inspection) return std::unexpected(inspection.error());
  b.signature().file_store = request;
  return {};
}

}  // namespace

void register_file_keywords(KeywordRegistry& registry) {
  registry.add({"filename", ValueUse::Optional, add_file_name_or_magic});
  registry.add({"filemagic", ValueUse::Required, add_file_name_or_magic});
  registry.add({"fileext", ValueUse::Required, add_fileext});
  registry.add({"filesize", ValueUse::Required, add_filesize});
  for (const char* list : {"filemd5", "filesha1", "filesha256"}) registry.add({list, ValueUse::Required, add_file_hash_list});
  registry.add({"filestore", ValueUse::Optional, add_filestore});
}

}  // namespace rampart::detect
