// The application protocols the sensor detects and parses, in detection order.
// Adding a protocol: a folder under src/proto/ with its Protocol value, and one
// line here.
#include "proto/dns/dns_protocol.hpp"
#include "proto/ftp/ftp_protocol.hpp"
#include "proto/ftp_data/ftp_data_protocol.hpp"
#include "proto/http1/http_protocol.hpp"
#include "proto/protocol.hpp"
#include "proto/smtp/smtp_protocol.hpp"
#include "proto/ssh/ssh_protocol.hpp"
#include "proto/tls/tls_protocol.hpp"

namespace rampart::proto {

const std::vector<Protocol>& registered_protocols() {
  static const std::vector<Protocol> protocols{
      http1::http_protocol(),
      dns::dns_protocol(),
      tls::tls_protocol(),
      ssh::ssh_protocol(),
      smtp::smtp_protocol(),
      ftp::ftp_protocol(),
      ftp_data::ftp_data_protocol(),
  };
  return protocols;
}

}  // namespace rampart::proto
