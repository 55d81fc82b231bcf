#include "output/forwarded_address.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rampart::output {
namespace {

// A transaction whose request headers are given as "Name: value" lines.
class RequestHeaders final : public proto::EveFields {
 public:
  explicit RequestHeaders(std::vector<std::string> fields) : fields_(std::move(fields)) {}
  void write(JsonWriter&) const override {}
  std::optional<std::span<const uint8_t>> buffer(std::string_view name, size_t index) const override {
    if (name != "http.request_header" || index >= fields_.size()) return std::nullopt;
    return std::span(reinterpret_cast<const uint8_t*>(fields_[index].data()), fields_[index].size());
  }

 private:
  std::vector<std::string> fields_;
};

TEST(ForwardedAddress, DeploymentPicksTheLastOrTheFirstEntry) {
  RequestHeaders tx({"Host: example.com", "x-forwarded-for:  10.2.2.2, 2001:db8::1 "});
  XffOptions options;
  EXPECT_EQ(forwarded_address(tx, options), IpAddress::parse("2001:db8::1"));
  options.reverse = false;
  EXPECT_EQ(forwarded_address(tx, options), IpAddress::parse("10.2.2.2"));
}

TEST(ForwardedAddress, ConfiguredHeaderIsRead) {
  RequestHeaders tx({"X-Forwarded-For: 10.0.0.1", "X-Real-IP: 192.0.2.7"});
  XffOptions options;
  options.header = "X-Real-IP";
  EXPECT_EQ(forwarded_address(tx, options), IpAddress::parse("192.0.2.7"));
}

TEST(ForwardedAddress, MissingHeaderOrNoAddressGivesNothing) {
  XffOptions options;
  EXPECT_FALSE(forwarded_address(RequestHeaders({"Host: example.com"}), options));
  EXPECT_FALSE(forwarded_address(RequestHeaders({"X-Forwarded-For: unknown"}), options));
  EXPECT_FALSE(forwarded_address(RequestHeaders({}), options));
}

}  // namespace
}  // namespace rampart::output
