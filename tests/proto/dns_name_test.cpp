#include <gtest/gtest.h>

#include "dns_test_support.hpp"
#include "proto/dns/dns_name.hpp"

namespace rampart::proto::dns {
namespace {

using dns_test::MessageBuilder;

NameRead read(const MessageBuilder& b, size_t offset, NameText& text) { return read_name(b.bytes(), offset, &text); }

TEST(DnsName, PlainNameAndRoot) {
  MessageBuilder b;
  b.name("www.example.com").name("");
  NameText text;
  NameRead r = read(b, 0, text);
  ASSERT_TRUE(r.valid);
  EXPECT_EQ(text.view(), "www.example.com");
  EXPECT_EQ(r.end, 17u);
  r = read(b, 17, text);
  ASSERT_TRUE(r.valid);
  EXPECT_EQ(text.view(), "");
  EXPECT_EQ(r.end, 18u);
}

TEST(DnsName, BackwardPointerEndsAtThePointer) {
  MessageBuilder b;
  b.name("example.com").u8(3).raw("www").pointer(0);
  NameText text;
  NameRead r = read(b, 13, text);
  ASSERT_TRUE(r.valid);
  EXPECT_EQ(text.view(), "www.example.com");
  EXPECT_EQ(r.end, 19u);
}

TEST(DnsName, ForwardPointerIsFollowed) {
  MessageBuilder b;
  b.pointer(2).name("codemonkey.net");
  NameText text;
  NameRead r = read(b, 0, text);
  ASSERT_TRUE(r.valid);
  EXPECT_EQ(text.view(), "codemonkey.net");
  EXPECT_EQ(r.end, 2u);
}

TEST(DnsName, PointerLoopStopsWithLoopFlag) {
  MessageBuilder b;
  b.u8(1).raw("a").pointer(0);  // a -> a -> a ...
  NameText text;
  NameRead r = read(b, 0, text);
  ASSERT_TRUE(r.valid);
  EXPECT_TRUE(r.loop);
  EXPECT_EQ(r.end, 4u);
  EXPECT_LE(text.length, kMaxNameLength);
}

TEST(DnsName, SelfPointerIsALoop) {
  MessageBuilder b;
  b.pointer(0);
  NameText text;
  NameRead r = read(b, 0, text);
  EXPECT_TRUE(r.valid);
  EXPECT_TRUE(r.loop);
}

TEST(DnsName, OverlongNameIsCutAndFlagged) {
  MessageBuilder b;
  for (int i = 0; i < 5; ++i) b.u8(63).raw(std::string(63, 'x'));
  b.u8(0);
  NameText text;
  NameRead r = read(b, 0, text);
  ASSERT_TRUE(r.valid);
  EXPECT_TRUE(r.too_long);
  EXPECT_EQ(r.end, b.size());
  EXPECT_LE(text.length, kMaxNameLength);
  EXPECT_EQ(text.length, 4u * 63 + 3);
}

TEST(DnsName, TooManyLabelsIsFlagged) {
  MessageBuilder b;
  for (int i = 0; i < 200; ++i) b.u8(1).raw("a");
  b.u8(0);
  NameText text;
  NameRead r = read(b, 0, text);
  ASSERT_TRUE(r.valid);
  EXPECT_TRUE(r.too_many_labels);
  EXPECT_EQ(r.end, b.size());
}

TEST(DnsName, ReservedLabelTypeAndLabelOver63AreInvalid) {
  for (uint8_t length : {uint8_t{64}, uint8_t{0x80}}) {
    MessageBuilder b;
    b.u8(length).raw(std::string(length, 'x')).u8(0);
    NameText text;
    EXPECT_FALSE(read(b, 0, text).valid) << int{length};
  }
}

TEST(DnsName, TruncatedNameIsInvalid) {
  MessageBuilder b;
  b.u8(5).raw("abc");
  NameText text;
  EXPECT_FALSE(read(b, 0, text).valid);
  MessageBuilder p;
  p.u8(0xC0);
  EXPECT_FALSE(read(p, 0, text).valid);
  EXPECT_FALSE(read(p, 5, text).valid);
}

TEST(DnsName, PointerOutOfMessageIsInvalid) {
  MessageBuilder b;
  b.pointer(200);
  NameText text;
  EXPECT_FALSE(read(b, 0, text).valid);
}

}  // namespace
}  // namespace rampart::proto::dns
