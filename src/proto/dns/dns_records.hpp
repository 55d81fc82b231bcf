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

// Writes `key`: the records of a section (nothing when it is empty).
void write_section(JsonWriter& w, std::string_view key, const Message& m, const std::vector<Record>& records,
                   Section section, std::string& scratch);

// Writes "flags" (the header's flags in hex) and the set flag bits by name.
void write_flags(JsonWriter& w, const Header& h);

}  // namespace rampart::proto::dns
