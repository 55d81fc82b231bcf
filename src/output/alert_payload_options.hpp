#pragma once
// What an alert record carries of the packet that raised it: Suricata's eve-log
// alert options payload (base64), payload-printable, payload-length and packet
// (the whole frame, base64, with packet_info.linktype); and of its HTTP
// transaction, the forwarded client address (xff). All off by default.
#include "output/xff_options.hpp"

namespace rampart::output {

struct AlertPayloadOptions {
  bool payload = false;
  bool payload_printable = false;
  bool payload_length = false;
  bool packet = false;
  XffOptions xff;
};

}  // namespace rampart::output
