#pragma once
// What an alert record carries of the packet that raised it: Suricata's eve-log
// alert options payload (base64), payload-printable, payload-length and packet
// (the whole frame, base64, with packet_info.linktype). All off by default.
namespace rampart::output {

struct AlertPayloadOptions {
  bool payload = false;
  bool payload_printable = false;
  bool payload_length = false;
  bool packet = false;
};

}  // namespace rampart::output
