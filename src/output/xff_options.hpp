#pragma once
// Suricata's eve-log alert option xff: behind a proxy or load balancer the
// client's own address is in an X-Forwarded-For style request header. With
// extra-data it is added to the alert as alert.xff; with overwrite it replaces
// the address of the flow's client (src_ip or dest_ip, whichever side the client
// is on). Of a list of addresses, deployment reverse takes the last one (the
// proxy nearest the sensor appended it), forward the first.
#include <string>

namespace rampart::output {

struct XffOptions {
  bool enabled = false;
  bool overwrite = false;  // mode: overwrite (else extra-data)
  bool reverse = true;     // deployment: reverse (else forward)
  std::string header = "X-Forwarded-For";
};

}  // namespace rampart::output
