#include "proto/ftp_data/ftp_data_eve.hpp"

namespace rampart::proto::ftp_data {

namespace {

std::optional<std::span<const uint8_t>> unless_empty(const std::string& value) {
  if (value.empty()) return std::nullopt;
  return std::span(reinterpret_cast<const uint8_t*>(value.data()), value.size());
}

}  // namespace

void FtpDataFields::write(JsonWriter& w) const {
  w.begin_object("ftp_data");
  if (!transfer_.use.argument.empty()) w.field("filename", transfer_.use.argument);
  if (!transfer_.use.command.empty()) w.field("command", transfer_.use.command);
  w.end_object();
}

std::optional<std::span<const uint8_t>> FtpDataFields::buffer(std::string_view name, size_t index) const {
  if (index != 0) return std::nullopt;
  if (name == "file.data") return unless_empty(transfer_.data);
  if (name == "file.name") return unless_empty(transfer_.use.argument);
  if (name == "ftpdata_command") return unless_empty(transfer_.use.command);
  if (const auto& file = transfer_.file; file && is_file_property_buffer(name))
    return file_buffer({file->name, file->size, &file->digests, transfer_.data}, name, built_);
  return std::nullopt;
}

std::optional<std::span<const uint8_t>> FtpDataFields::side_buffer(std::string_view name, size_t index,
                                                                   Direction side) const {
  if (name == "file.data" && transfer_.data_side != side) return std::nullopt;
  return buffer(name, index);
}

}  // namespace rampart::proto::ftp_data
