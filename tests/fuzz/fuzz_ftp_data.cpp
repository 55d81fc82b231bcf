// Fuzzes the ftp-data parser with the file of its transfer: the input's first byte
// picks the data channel (bit 0: passive, bit 1: STOR instead of RETR), the rest is
// split into chunks as app_parser_fuzz.hpp splits them; a chunk's first byte picks
// its direction (bit 0: to the client), bit 2 puts a gap before it and bit 3 the
// reassembly depth after it. Files are hashed, and every record and buffer is read.
#include "fuzz/app_parser_fuzz.hpp"
#include "proto/file_hasher.hpp"
#include "proto/ftp_data/ftp_data_protocol.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using rampart::proto::Direction;
  if (size == 0) return 0;
  auto channel = std::make_shared<rampart::proto::DataChannel>((data[0] & 1) != 0);
  channel->set_use((data[0] & 2) != 0 ? "STOR" : "RETR", "file.bin");
  rampart::proto::AppLayerSettings settings;
  settings.file_hashes = rampart::proto::file_hash::kMd5 | rampart::proto::file_hash::kSha1 |
                         rampart::proto::file_hash::kSha256;
  rampart::proto::FlowContext context{.client = *rampart::IpAddress::parse("10.0.0.1"),
                                      .server = *rampart::IpAddress::parse("10.0.0.2"),
                                      .client_port = 40000, .server_port = 20, .flow_id = 1, .now_usec = nullptr,
                                      .expectations = nullptr, .channel = channel, .settings = &settings,
                                      .midstream = false};
  const auto protocol = rampart::proto::ftp_data::ftp_data_protocol();
  auto parser = protocol.make_parser(true);
  parser->attach(context);
  rampart::fuzz::RenderingSink sink(protocol.buffers);
  std::span<const uint8_t> input(data + 1, size - 1);
  while (!input.empty()) {
    auto chunk = rampart::fuzz::next_chunk(input);
    if (chunk.size() < 2) continue;
    auto dir = (chunk[0] & 1) != 0 ? Direction::ToClient : Direction::ToServer;
    if ((chunk[0] & 4) != 0) parser->gap(dir, static_cast<uint32_t>(chunk.size()), sink);
    parser->parse(dir, chunk.subspan(1), sink);
    if ((chunk[0] & 8) != 0) parser->truncate(dir, sink);
  }
  parser->finish(sink);
  return 0;
}
