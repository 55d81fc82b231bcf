#pragma once
// The EVE form of resource records: one object per record (per string for
// TXT), with its data as Suricata shows it: "rdata" text for addresses, names and
// strings, "soa"/"srv"/"sshfp" objects and "opt" options where the schema has
// them, short summaries for SVCB/HTTPS, CAA and DNSSEC types, hex otherwise.
#include <string>

#include "common/json_writer.hpp"
#include "proto/dns/dns_message.hpp"

namespace rampart::proto::dns {

enum class Section : uint8_t { Answer, Authority, Additional };

// Appends the record's array element(s) to the section array being written.
// `scratch` is reused text storage.
void write_record(JsonWriter& w, const Message& m, const Record& r, Section section, std::string& scratch);

// Writes "grouped": the answers' data keyed by type, for the types Suricata groups.
void write_grouped(JsonWriter& w, const Message& m, std::string& scratch);

}  // namespace rampart::proto::dns
