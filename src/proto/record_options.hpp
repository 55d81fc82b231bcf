#pragma once
// Optional parts of a transaction's EVE object, from Suricata's per-logger
// settings: the http logger's dump-all-headers (request_headers and
// response_headers arrays), the alert logger's http-body / http-body-printable
// (http_request_body, http_response_body and their _printable forms), the
// dns logger's version, requests/responses, types and formats, and the tls
// logger's custom certificate fields, the smtp logger's md5 list, and the files array of an alert's transaction.
#include <algorithm>
#include <cstdint>
#include <vector>

namespace rampart::proto {

// eve-log `dns:` settings (and SURICATA_EVE_DNS_VERSION). Version 3 logs one
// record per message; version 2 one "query" record per question and one
// "answer" record per response.
struct DnsLogOptions {
  uint8_t version = 3;
  bool requests = true;
  bool responses = true;
  bool detailed = true;  // formats: detailed (the "answers" array)
  bool grouped = true;   // formats: grouped
  std::vector<uint16_t> rrtypes;  // types: the query types logged, sorted; empty: all

  bool logs_rrtype(uint16_t type) const { return rrtypes.empty() || std::ranges::binary_search(rrtypes, type); }
};

// eve-log `tls: custom:` entries that add the certificates themselves (base64
// DER): the server's leaf (certificate) and chain, the client's (client_certificate,
// client_chain), and the hellos' parameters (client_handshake, server_handshake).
struct TlsLogOptions {
  bool certificate = false;
  bool chain = false;
  bool client_certificate = false;
  bool client_chain = false;
  bool client_handshake = false;  // the ClientHello's version, ciphers, extensions, signature algorithms
  bool server_handshake = false;  // the ServerHello's version, cipher, extensions
};

// eve-log `smtp: md5:` entries: the MD5 of the message body (when the SMTP
// parser computes it, app-layer.protocols.smtp.mime.body-md5) and of the subject.
struct SmtpLogOptions {
  bool body_md5 = false;
  bool subject_md5 = false;
};

struct RecordOptions {
  bool files = false;  // a "files" array of the files the transaction carried (in alerts, as Suricata 8 writes them)
  bool file_magic = false;  // files.force-magic: fileinfo records carry "magic", libmagic's type of the file
  bool request_headers = false;
  bool response_headers = false;
  bool body = false;
  bool body_printable = false;
  DnsLogOptions dns;
  TlsLogOptions tls;
  SmtpLogOptions smtp;
};

}  // namespace rampart::proto
