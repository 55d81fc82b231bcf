#include "center/notify/email.hpp"

#include <curl/curl.h>
#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <memory>
#include <mutex>

namespace rampart::center::notify {

namespace {

// A header value on one line: a line break in an incident title must not start a new header.
std::string one_line(std::string_view text) {
  std::string out(text);
  std::replace_if(out.begin(), out.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
  return out;
}

std::string encode_subject(std::string_view subject) {
  std::string line = one_line(subject);
  bool ascii = std::all_of(line.begin(), line.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) return line;
  std::string encoded(4 * ((line.size() + 2) / 3) + 1, '\0');
  int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                               reinterpret_cast<const unsigned char*>(line.data()), static_cast<int>(line.size()));
  encoded.resize(static_cast<size_t>(length));
  return "=?UTF-8?B?" + encoded + "?=";
}

std::string rfc5322_date(int64_t now_us) {
  std::time_t seconds = static_cast<std::time_t>(now_us / 1'000'000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  static constexpr std::array<const char*, 7> kDays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return fmt::format("{}, {:02d} {} {} {:02d}:{:02d}:{:02d} +0000", kDays[static_cast<size_t>(utc.tm_wday)], utc.tm_mday,
                     kMonths[static_cast<size_t>(utc.tm_mon)], utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
}

struct CurlDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

// libcurl's global state is set up once, before the first handle, from whichever thread comes first.
void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Upload {
  std::string_view rest;
};

size_t read_upload(char* buffer, size_t size, size_t count, void* user) {
  auto& upload = *static_cast<Upload*>(user);
  size_t n = std::min(size * count, upload.rest.size());
  std::copy_n(upload.rest.data(), n, buffer);
  upload.rest.remove_prefix(n);
  return n;
}

}  // namespace

std::string render_email(const EmailSettings& settings, const EmailMessage& message, int64_t now_us) {
  std::string to;
  for (const auto& address : settings.to) to += (to.empty() ? "" : ", ") + one_line(address);
  std::string text = fmt::format(
      "From: {}\r\nTo: {}\r\nSubject: {}\r\nDate: {}\r\nMIME-Version: 1.0\r\n"
      "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n",
      one_line(settings.from), to, encode_subject(message.subject), rfc5322_date(now_us));
  for (char c : message.body) {
    if (c == '\r') continue;
    if (c == '\n') text += '\r';
    text += c;
  }
  if (!text.ends_with("\r\n")) text += "\r\n";
  return text;
}

std::expected<void, std::string> send_email(const EmailSettings& settings, const EmailMessage& message) {
  init_curl_once();
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return std::unexpected("SMTP: cannot start libcurl");
  auto now_us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch());
  std::string text = render_email(settings, message, now_us.count());
  Upload upload{text};
  std::unique_ptr<curl_slist, SlistDeleter> recipients;
  for (const auto& address : settings.to) {
    curl_slist* appended = curl_slist_append(recipients.get(), ("<" + address + ">").c_str());
    if (appended == nullptr) return std::unexpected("SMTP: out of memory for the recipient list");
    static_cast<void>(recipients.release());
    recipients.reset(appended);
  }
  std::string sender = "<" + settings.from + ">";
  std::array<char, CURL_ERROR_SIZE> error{};
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, settings.server.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error.data());
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(settings.timeout.count()));
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, sender.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  if (settings.starttls || settings.server.starts_with("smtps://"))
    curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!settings.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, settings.ca_file.c_str());
  if (!settings.username.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, settings.username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, settings.password.c_str());
  }
  CURLcode result = curl_easy_perform(h);
  if (result == CURLE_OK) return {};
  long reply = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply);
  std::string detail = error[0] != '\0' ? std::string(error.data()) : std::string(curl_easy_strerror(result));
  return std::unexpected(reply != 0 ? fmt::format("SMTP {}: {} (last reply {})", settings.server, detail, reply)
                                    : fmt::format("SMTP {}: {}", settings.server, detail));
}

}  // namespace rampart::center::notify
