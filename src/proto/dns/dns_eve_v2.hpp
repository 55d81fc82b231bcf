#pragma once
// Suricata's version 2 "dns" objects (eve-log dns `version: 2` or
// SURICATA_EVE_DNS_VERSION=2): a request makes one "query" record per question
// of a logged type; a response one "answer" record with the first question's
// name and type, the answers (detailed and/or grouped) and the authorities.
#include <cstdint>
#include <string>

#include "common/json_writer.hpp"
#include "proto/dns/dns_message.hpp"
#include "proto/record_options.hpp"

namespace rampart::proto::dns::v2 {

// The questions a request's records are about: the index of its part-th
// question of a logged type, or the question count when there is none.
size_t logged_question(const Message& m, const DnsLogOptions& options, size_t part);
size_t logged_question_count(const Message& m, const DnsLogOptions& options);
// Is a response logged: does one of its questions have a logged type?
bool logs_answer(const Message& m, const DnsLogOptions& options);

void write_query(JsonWriter& w, const Message& m, const Question& q, uint64_t tx_id);
void write_answer(JsonWriter& w, const Message& m, const DnsLogOptions& options, std::string& scratch);

}  // namespace rampart::proto::dns::v2
