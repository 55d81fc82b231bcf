#include "proto/ftp/ftp_eve.hpp"

namespace rampart::proto::ftp {

namespace {

void list_field(JsonWriter& w, std::string_view key, const std::vector<std::string>& values) {
  if (values.empty()) return;
  w.begin_array(key);
  for (const auto& value : values) w.element(value);
  w.end_array();
}

std::span<const uint8_t> bytes_of(std::string_view value) {
  return std::span(reinterpret_cast<const uint8_t*>(value.data()), value.size());
}

}  // namespace

FtpFields::FtpFields(const FtpTransaction& tx)
    : tx_(tx),
      dynamic_port_{static_cast<uint8_t>(tx.dynamic_port.value_or(0) >> 8),
                    static_cast<uint8_t>(tx.dynamic_port.value_or(0) & 0xff)} {}

void FtpFields::write(JsonWriter& w) const {
  w.begin_object("ftp");
  if (!tx_.command.empty()) w.field("command", tx_.command);
  if (!tx_.command_data.empty()) w.field("command_data", tx_.command_data);
  list_field(w, "reply", tx_.replies);
  list_field(w, "completion_code", tx_.completion_codes);
  if (tx_.dynamic_port) w.field("dynamic_port", uint64_t{*tx_.dynamic_port});
  if (!tx_.mode.empty()) w.field("mode", tx_.mode);
  w.field("reply_received", tx_.reply_received ? "yes" : "no");
  w.field("command_truncated", tx_.command_truncated).field("reply_truncated", tx_.reply_truncated);
  w.end_object();
}

std::optional<std::span<const uint8_t>> FtpFields::buffer(std::string_view name, size_t index) const {
  const std::vector<std::string>* list = nullptr;
  if (name == "ftp.reply") list = &tx_.replies;
  if (name == "ftp.completion_code") list = &tx_.completion_codes;
  if (list != nullptr) {
    if (index >= list->size()) return std::nullopt;
    return bytes_of((*list)[index]);
  }
  if (index != 0) return std::nullopt;
  if (name == "ftp.dynamic_port" && tx_.dynamic_port) return std::span<const uint8_t>(dynamic_port_);
  if (name == "ftp.reply_received") return bytes_of(tx_.reply_received ? "yes" : "no");
  if (name == "ftpbounce") return tx_.bounce ? std::optional(bytes_of("yes")) : std::nullopt;
  std::string_view value;
  if (name == "ftp.command") value = tx_.command;
  if (name == "ftp.command_data") value = tx_.command_data;
  if (name == "ftp.mode") value = tx_.mode;
  if (value.empty()) return std::nullopt;
  return bytes_of(value);
}

}  // namespace rampart::proto::ftp
