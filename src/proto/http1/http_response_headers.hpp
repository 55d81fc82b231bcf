#pragma once
// Splits a response's header block into fields the way Suricata 8's libhtp reads
// a server's headers, since browsers do the same and evasions rely on the gaps:
// a CR alone ends a line, "\n\r\r\n" and "\r\n\r" followed by CR/space/tab are
// (deformed) line ends, a line starting with space, tab or NUL continues the
// previous value unless it reads "token:" (then it is a new field), and a line
// without a colon is a field with an empty name.
// The parse is incremental: it returns what it could decide; bytes whose meaning
// depends on the next byte are left for the next call.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::proto::http1 {

struct ResponseField {
  std::string name, value;
  std::string_view raw;        // the bytes of the field in the parsed input, line ends included
  bool missing_colon = false;
  bool leading_space = false;  // the name started with whitespace (a fold read as a new field)
  bool invalid_name = false;   // whitespace before the colon or characters that are no token
};

struct ResponseHeaderStep {
  std::vector<ResponseField> fields;
  size_t consumed = 0;    // bytes of the input the fields and the end of the headers took
  bool ended = false;     // the empty line (or equivalent) that ends the headers was read
  size_t end_length = 0;  // when ended: the last end_length consumed bytes are that line end
};

ResponseHeaderStep parse_response_headers(std::string_view input);

}  // namespace rampart::proto::http1
