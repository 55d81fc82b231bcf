#include "proto/tls/tls_certificate.hpp"

#include <openssl/asn1.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/provider.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <memory>

#include "proto/tls/digest.hpp"

namespace rampart::proto::tls {

namespace {

struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct GeneralNamesFree {
  void operator()(GENERAL_NAMES* names) const { GENERAL_NAMES_free(names); }
};
struct OpenSslFree {
  void operator()(unsigned char* p) const { OPENSSL_free(p); }
};

std::string_view view_of(const ASN1_STRING* s) {
  return {reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)), static_cast<size_t>(ASN1_STRING_length(s))};
}

std::string entry_value(const ASN1_STRING* value) {
  unsigned char* utf8 = nullptr;
  int length = ASN1_STRING_to_UTF8(&utf8, value);
  if (length < 0) return std::string(view_of(value));
  std::unique_ptr<unsigned char, OpenSslFree> owned(utf8);
  return {reinterpret_cast<const char*>(utf8), static_cast<size_t>(length)};
}

// RDNs in encoded order, "KEY=value" joined by ", " (a multi-valued RDN by " + "),
// keys by their short names as Suricata prints them.
std::string name_text(const X509_NAME* name) {
  std::string out;
  int previous_set = -1;
  for (int i = 0; i < X509_NAME_entry_count(name); ++i) {
    const X509_NAME_ENTRY* entry = X509_NAME_get_entry(name, i);
    int set = X509_NAME_ENTRY_set(entry);
    if (!out.empty()) out += set == previous_set ? " + " : ", ";
    previous_set = set;
    const ASN1_OBJECT* object = X509_NAME_ENTRY_get_object(entry);
    const char* key = OBJ_nid2sn(OBJ_obj2nid(object));
    char oid[80];
    if (OBJ_obj2nid(object) == NID_undef) {
      OBJ_obj2txt(oid, sizeof oid, object, 1);
      key = oid;
    }
    out += key;
    out += '=';
    out += entry_value(X509_NAME_ENTRY_get_data(entry));
  }
  return out;
}

// The serial as encoded (with its sign byte), which OpenSSL's value view drops.
std::string serial_text(const ASN1_INTEGER* serial) {
  unsigned char* der = nullptr;
  int length = i2d_ASN1_INTEGER(serial, &der);
  if (length <= 0) return {};
  std::unique_ptr<unsigned char, OpenSslFree> owned(der);
  std::span<const unsigned char> bytes(der, static_cast<size_t>(length));
  // Skip the tag and the (short or long form) length.
  size_t header = 2;
  if (bytes.size() > 1 && (bytes[1] & 0x80) != 0) header += bytes[1] & 0x7Fu;
  if (header >= bytes.size()) return {};
  return hex(bytes.subspan(header), true, ':');
}

std::string time_text(const ASN1_TIME* time) {
  std::tm tm{};
  if (ASN1_TIME_to_tm(time, &tm) != 1) return {};
  // EVE's schema only admits years 1000-2999; "no expiry" certificates say 9999.
  int year = tm.tm_year + 1900;
  if (year < 1000 || year > 2999) return {};
  char buf[32];
  size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return {buf, n};
}

std::vector<std::string> dns_names(const X509* cert) {
  std::vector<std::string> out;
  std::unique_ptr<GENERAL_NAMES, GeneralNamesFree> names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  if (!names) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    if (name->type == GEN_DNS) out.emplace_back(view_of(name->d.dNSName));
  }
  return out;
}

// A library context with OpenSSL's null provider, which has no decoders: d2i_X509 into
// a certificate of this context keeps the public key undecoded, which is 90% of d2i_X509's work (about a
// million instructions per certificate) and no logged field needs.
OSSL_LIB_CTX* keyless_context() {
  static OSSL_LIB_CTX* context = [] {
    OSSL_LIB_CTX* c = OSSL_LIB_CTX_new();
    if (c != nullptr) OSSL_PROVIDER_load(c, "null");
    return c;
  }();
  return context;
}

bool decode_uncached(std::span<const uint8_t> der, CertificateInfo& out) {
  std::unique_ptr<X509, X509Free> cert(X509_new_ex(keyless_context(), nullptr));
  if (!cert) return false;
  const unsigned char* cursor = der.data();
  X509* decoded = cert.get();
  if (d2i_X509(&decoded, &cursor, static_cast<long>(der.size())) == nullptr) {
    cert.release();  // d2i_X509 freed it
    return false;
  }
  out.subject = name_text(X509_get_subject_name(cert.get()));
  out.issuer = name_text(X509_get_issuer_name(cert.get()));
  out.serial = serial_text(X509_get0_serialNumber(cert.get()));
  unsigned char sha1[EVP_MAX_MD_SIZE];
  unsigned int sha1_length = 0;
  if (EVP_Digest(der.data(), der.size(), sha1, &sha1_length, EVP_sha1(), nullptr) == 1)
    out.fingerprint = hex(std::span<const unsigned char>(sha1, sha1_length), false, ':');
  out.not_before = time_text(X509_get0_notBefore(cert.get()));
  out.not_after = time_text(X509_get0_notAfter(cert.get()));
  out.subject_alt_names = dns_names(cert.get());
  return true;
}

// The last certificates decoded, least recently used replaced first.
class CertificateCache {
 public:
  const CertificateInfo* find(std::span<const uint8_t> der) {
    for (auto& e : entries_) {
      if (e.der.size() != der.size() || std::memcmp(e.der.data(), der.data(), der.size()) != 0) continue;
      e.used = ++clock_;
      return &e.info;
    }
    return nullptr;
  }

  void store(std::span<const uint8_t> der, const CertificateInfo& info) {
    Entry* slot = nullptr;
    if (entries_.size() < kCachedCertificates) {
      slot = &entries_.emplace_back();
    } else {
      slot = &*std::min_element(entries_.begin(), entries_.end(),
                                [](const Entry& a, const Entry& b) { return a.used < b.used; });
    }
    slot->der.assign(der.begin(), der.end());
    slot->info = info;
    slot->used = ++clock_;
  }

 private:
  struct Entry {
    std::vector<uint8_t> der;
    CertificateInfo info;
    uint64_t used = 0;
  };
  std::vector<Entry> entries_;
  uint64_t clock_ = 0;
};

}  // namespace

bool decode_certificate(std::span<const uint8_t> der, CertificateInfo& out) {
  // Per thread: each worker's flows reuse its own entries without locking.
  thread_local CertificateCache cache;
  if (const CertificateInfo* cached = cache.find(der)) {
    out = *cached;
    return true;
  }
  if (!decode_uncached(der, out)) return false;
  cache.store(der, out);
  return true;
}

}  // namespace rampart::proto::tls
