// The MIME reader of SMTP messages: transfer decoders fed line by line, header
// parameters, nested multipart bodies with attachments and URLs, the anomalies
// of malformed input and the caps on what a message keeps.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "proto/mime/header_value.hpp"
#include "proto/mime/mime_parser.hpp"
#include "proto/mime/transfer_decoder.hpp"
#include "proto/mime/url_finder.hpp"

namespace rampart::proto::mime {
namespace {

std::string base64_lines(const std::vector<std::string>& lines, bool* valid = nullptr) {
  Base64Decoder decoder;
  std::string out;
  for (const auto& line : lines) decoder.line(line, out);
  if (valid != nullptr) *valid = decoder.valid();
  return out;
}

TEST(TransferDecoder, Base64AcrossLinesAndPadding) {
  EXPECT_EQ(base64_lines({"aGVsbG8g", "d29y", "bGQ="}), "hello world");
  EXPECT_EQ(base64_lines({"YW", "Jj", "ZA=="}), "abcd") << "quanta split between lines";
  EXPECT_EQ(base64_lines({"YWJj ZGVm"}), "abcdef") << "blanks are skipped";
  Base64Decoder unpadded;
  std::string out;
  unpadded.line("YWJjZA", out);
  EXPECT_EQ(out, "abc");
  unpadded.finish(out);
  EXPECT_EQ(out, "abcd") << "a quantum without its padding still counts at the end";
  bool valid = true;
  EXPECT_EQ(base64_lines({"YW*Jj"}, &valid), "abc");
  EXPECT_FALSE(valid);
}

TEST(TransferDecoder, QuotedPrintable) {
  QuotedPrintableDecoder qp;
  std::string out;
  EXPECT_FALSE(qp.line("caf=C3=A9 soft=", out));
  EXPECT_TRUE(qp.line("break  ", out));
  EXPECT_EQ(out, "caf\xc3\xa9 softbreak");
  EXPECT_TRUE(qp.valid());
  out.clear();
  qp.line("bad =ZZ escape", out);
  EXPECT_EQ(out, "bad =ZZ escape");
  EXPECT_FALSE(qp.valid());
  EXPECT_EQ(transfer_encoding_of("BASE64"), TransferEncoding::Base64);
  EXPECT_EQ(transfer_encoding_of("Quoted-Printable"), TransferEncoding::QuotedPrintable);
  EXPECT_EQ(transfer_encoding_of("7bit"), TransferEncoding::Identity);
}

TEST(HeaderValue, TokenAndQuotedParameters) {
  auto v = parse_header_value("Multipart/Mixed; Boundary=\"a;b \\\"c\\\"\"; charset=utf-8");
  EXPECT_EQ(v.token, "multipart/mixed");
  EXPECT_EQ(v.parameter("boundary"), "a;b \"c\"");
  EXPECT_EQ(v.parameter("charset"), "utf-8");
  EXPECT_FALSE(v.parameter("name"));
  EXPECT_EQ(parse_header_value("").token, "");
}

// RFC 2231 3 and 4: sections in any order, encoded ones percent-decoded.
TEST(HeaderValue, Rfc2231SectionsAreJoined) {
  auto v = parse_header_value("attachment; filename*1=part-two.zip; filename*0=\"part one-\"; size=3");
  EXPECT_EQ(v.token, "attachment");
  EXPECT_EQ(v.parameter("filename"), "part one-part-two.zip");
  EXPECT_EQ(v.parameter("size"), "3");
  auto encoded = parse_header_value("attachment; filename*0*=utf-8'en'caf%C3%A9%20; filename*1=menu.txt");
  EXPECT_EQ(encoded.parameter("filename"), "caf\xc3\xa9 menu.txt");
  EXPECT_EQ(parse_header_value("attachment; filename*=''a%2Zb").parameter("filename"), "a%2Zb");
}

TEST(UrlFinder, SchemeStrippedLowerCasedDeduplicated) {
  const UrlOptions defaults;
  std::vector<std::string> urls;
  find_urls("see HTTP://Example.COM/A?b=1 and <http://x.org/p>, http://example.com/a?b=1", defaults, urls, 8, 100);
  EXPECT_EQ(urls, (std::vector<std::string>{"example.com/a?b=1", "x.org/p"}));
  find_urls("http://c http://d", defaults, urls, 3, 100);
  EXPECT_EQ(urls.size(), 3u) << "capped";
  urls.clear();
  find_urls("http://abcdefgh", defaults, urls, 8, 4);
  EXPECT_EQ(urls, std::vector<std::string>{"abcd"});
  urls.clear();
  find_urls("https://only.example/", defaults, urls, 8, 100);
  EXPECT_TRUE(urls.empty()) << "http is the default scheme";
}

TEST(UrlFinder, ConfiguredSchemesInLineOrderKeepingTheScheme) {
  auto schemes = parse_url_schemes("[http, HTTPS, ftp://, mailto]");
  ASSERT_TRUE(schemes.has_value()) << schemes.error();
  EXPECT_EQ(*schemes, (std::vector<std::string>{"http", "https", "ftp", "mailto"}));
  UrlOptions options{*schemes, true};
  std::vector<std::string> urls;
  find_urls("ftp://Files.example/x then HTTPS://a.example/ and http://b.example/", options, urls, 8, 100);
  EXPECT_EQ(urls, (std::vector<std::string>{"ftp://files.example/x", "https://a.example/", "http://b.example/"}));
  EXPECT_FALSE(parse_url_schemes("[]").has_value());
  EXPECT_FALSE(parse_url_schemes("ht tp?").has_value());
}

struct Message {
  std::vector<Attachment> attachments;
  std::vector<std::string> urls;
  std::vector<std::string_view> anomalies;
  bool mime = false;
};

// Feeds "Name: value" header lines, then the body lines, as MessageReader does.
// `ended`: the message's end was seen (else it was cut short).
Message parse(const std::vector<std::pair<std::string, std::string>>& headers, const std::vector<std::string>& body,
              bool ended = true, uint8_t file_hashes = 0) {
  MimeParser parser;
  parser.set_file_hashes(file_hashes);
  Message m;
  for (const auto& [name, value] : headers) parser.header(name, value);
  parser.start_body();
  for (const auto& line : body) {
    parser.body_line(line);
    for (auto event : parser.take_anomalies()) m.anomalies.push_back(event);
  }
  parser.finish(ended);
  for (auto event : parser.take_anomalies()) m.anomalies.push_back(event);
  m.mime = parser.is_mime();
  m.attachments = parser.take_attachments();
  m.urls = parser.take_urls();
  return m;
}

const std::vector<std::string> kNested = {
    "preamble is ignored http://not.a/url",
    "--outer",
    "Content-Type: multipart/alternative;",
    " boundary=inner",
    "",
    "--inner",
    "Content-Type: text/plain",
    "Content-Transfer-Encoding: quoted-printable",
    "",
    "Visit http://Plant.example/=",
    "status now",
    "--inner",
    "Content-Type: text/html",
    "",
    "<a href=\"http://portal.example/login\">x</a>",
    "--inner--",
    "--outer",
    "Content-Type: application/octet-stream; name=\"ignored.bin\"",
    "Content-Disposition: attachment; filename=\"setpoints.csv\"",
    "Content-Transfer-Encoding: base64",
    "",
    "c2V0cG9pbnQ9NDIK",
    "dmFsdmU9b3Blbgo=",
    "--outer",
    "Content-Type: text/plain; name=notes.txt",
    "",
    "line one",
    "line two",
    "--outer--",
    "epilogue http://not.either/",
};

TEST(MimeParser, NestedMultipartAttachmentsAndUrls) {
  auto m = parse({{"Content-Type", "multipart/mixed; boundary=\"outer\""}}, kNested);
  EXPECT_TRUE(m.mime);
  ASSERT_EQ(m.attachments.size(), 2u);
  EXPECT_EQ(m.attachments[0].name, "setpoints.csv") << "the disposition's filename comes first";
  EXPECT_EQ(m.attachments[0].data, "setpoint=42\nvalve=open\n");
  EXPECT_TRUE(m.attachments[0].complete);
  EXPECT_EQ(m.attachments[1].name, "notes.txt");
  EXPECT_EQ(m.attachments[1].data, "line one\r\nline two") << "the last line break belongs to the boundary";
  EXPECT_EQ(m.urls, (std::vector<std::string>{"plant.example/status", "portal.example/login"}));
  EXPECT_TRUE(m.anomalies.empty());
}

TEST(MimeParser, PlainMessageIsNotMimeButItsUrlsCount) {
  auto m = parse({{"Subject", "x"}}, {"go to http://a.example/ now"});
  EXPECT_FALSE(m.mime);
  EXPECT_TRUE(m.attachments.empty());
  EXPECT_EQ(m.urls, std::vector<std::string>{"a.example/"});
}

TEST(MimeParser, Base64TextBodyIsDecodedBeforeLookingForUrls) {
  // "Click http://Evil.example/x\n" in base64, split mid-quantum across lines.
  auto m = parse({{"Content-Transfer-Encoding", "base64"}}, {"Q2xpY2sgaHR0cDov", "L0V2aWwuZXhhbXBsZS94Cg=="});
  EXPECT_TRUE(m.mime);
  EXPECT_EQ(m.urls, std::vector<std::string>{"evil.example/x"});
}

TEST(MimeParser, InvalidBase64IsReportedOnce) {
  auto m = parse({{"Content-Type", "multipart/mixed; boundary=b"}},
                 {"--b", "Content-Disposition: attachment; filename=a.bin", "Content-Transfer-Encoding: base64", "",
                  "YW*Jj", "ZA*==", "--b--"});
  EXPECT_EQ(m.anomalies, std::vector<std::string_view>{"MIME_INVALID_BASE64"});
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_EQ(m.attachments[0].data, "abcd");
}

TEST(MimeParser, TooDeepNestingEndsMimeParsing) {
  std::vector<std::string> body;
  for (size_t i = 0; i <= kMaxDepth; ++i) {
    body.push_back("--b" + std::to_string(i));
    body.push_back("Content-Type: multipart/mixed; boundary=b" + std::to_string(i + 1));
    body.push_back("");
  }
  body.insert(body.end(), {"--b" + std::to_string(kMaxDepth + 1), "Content-Disposition: attachment; filename=x", "",
                           "data"});
  auto m = parse({{"Content-Type", "multipart/mixed; boundary=b0"}}, body);
  EXPECT_EQ(m.anomalies, std::vector<std::string_view>{"MIME_PARSE_FAILED"});
  EXPECT_TRUE(m.attachments.empty());
}

TEST(MimeParser, LongBoundaryAndFileNameAreReported) {
  auto m = parse({{"Content-Type", "multipart/mixed; boundary=" + std::string(kMaxBoundary + 1, 'b')}}, {"x"});
  EXPECT_EQ(m.anomalies, std::vector<std::string_view>{"MIME_LONG_BOUNDARY"});
  auto n = parse({{"Content-Disposition", "attachment; filename=" + std::string(kMaxFileName + 5, 'f')}}, {"x"});
  EXPECT_EQ(n.anomalies, std::vector<std::string_view>{"MIME_LONG_FILENAME"});
  ASSERT_EQ(n.attachments.size(), 1u);
  EXPECT_EQ(n.attachments[0].name.size(), kMaxFileName);
}

// Suricata bug 8649: a message/rfc822 body is the enclosed message, whose own
// header names the file, even when its wrapper claims base64 and another name.
TEST(MimeParser, EnclosedMessageIsReadWithItsOwnHeader) {
  auto m = parse({{"Content-Type", "message/rfc822"},
                  {"Content-Transfer-Encoding", "base64"},
                  {"Content-Disposition", "attachment; filename=\"innocent.txt\""}},
                 {"Subject: Inner", "Content-Disposition: attachment; filename=\"malware.exe\"", "", "PAYLOAD"});
  EXPECT_TRUE(m.mime);
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_EQ(m.attachments[0].name, "malware.exe");
  EXPECT_EQ(m.attachments[0].data, "PAYLOAD");
  EXPECT_TRUE(m.anomalies.empty());
}

TEST(MimeParser, KeptBytesAreCapped) {
  std::vector<std::string> body = {"--b"};
  for (int part = 0; part < 8; ++part) {
    body.insert(body.end(), {"Content-Disposition: attachment; filename=f" + std::to_string(part), ""});
    for (int i = 0; i < 2000; ++i) body.push_back(std::string(76, 'x'));
    body.push_back("--b");
  }
  auto m = parse({{"Content-Type", "multipart/mixed; boundary=b"}}, body);
  ASSERT_EQ(m.attachments.size(), 8u);
  size_t total = 0;
  for (const auto& a : m.attachments) {
    EXPECT_LE(a.data.size(), kMaxAttachmentBytes);
    EXPECT_EQ(a.size, 2000u * 78 - 2) << "every decoded byte counts, kept or not";
    total += a.data.size();
  }
  EXPECT_EQ(total, kMaxKeptBytes);
}

// What fileinfo shows: the size and digests of the decoded file, and whether it
// ended (at its boundary) or was cut short with the message.
TEST(MimeParser, AttachmentsHaveSizeDigestsAndState) {
  const std::vector<std::string> body = {
      "--b", "Content-Disposition: attachment; filename=hello.txt", "Content-Transfer-Encoding: base64", "",
      "aGVs", "bG8=", "--b", "Content-Disposition: attachment; filename=cut.txt", "", "first line", "second"};
  auto m = parse({{"Content-Type", "multipart/mixed; boundary=b"}}, body, false,
                 proto::file_hash::kMd5 | proto::file_hash::kSha256);
  ASSERT_EQ(m.attachments.size(), 2u);
  const Attachment& hello = m.attachments[0];
  EXPECT_EQ(hello.size, 5u);
  EXPECT_TRUE(hello.complete);
  EXPECT_EQ(hello.digests.md5, "5d41402abc4b2a76b9719d911017c592");
  EXPECT_EQ(hello.digests.sha256, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  EXPECT_EQ(hello.digests.sha1, "");
  EXPECT_FALSE(m.attachments[1].complete);
  EXPECT_EQ(m.attachments[1].size, 18u);
  auto ended = parse({{"Content-Type", "multipart/mixed; boundary=b"}}, body, true);
  EXPECT_TRUE(ended.attachments[1].complete) << "the message's end closes the open part";
  EXPECT_EQ(ended.attachments[1].digests.md5, "") << "not hashed unless asked";
}

TEST(MimeParser, AttachmentCountIsCapped) {
  std::vector<std::string> body;
  for (size_t i = 0; i < kMaxAttachments + 10; ++i)
    body.insert(body.end(), {"--b", "Content-Disposition: attachment; filename=f", "", "x"});
  auto m = parse({{"Content-Type", "multipart/mixed; boundary=b"}}, body);
  EXPECT_EQ(m.attachments.size(), kMaxAttachments);
}

}  // namespace
}  // namespace rampart::proto::mime
