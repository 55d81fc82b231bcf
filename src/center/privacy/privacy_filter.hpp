#pragma once
// The privacy filter: applied to a copy of STIX objects before they leave their
// organisation (TAXII reads by another organisation, and what
// POST /api/v1/incidents/ID/share publishes). Policy (center.yaml `privacy:`):
// - internal addresses (IPv4/IPv6 addresses and blocks inside internal_networks) in
//   ipv4-addr/ipv6-addr objects (also those embedded in observed-data), indicator
//   patterns, URLs and every other string of the object (free text, custom x_
//   properties, nested values) become a keyed pseudonym (the internal network kept,
//   HMAC-SHA256 host bits), a prefix-preserving pseudonym (Crypto-PAn) or are
//   removed: an object whose value or pattern holds one is withheld, text shows
//   "[address removed]";
// - remove_emails: email-addr objects are withheld, addresses in text and patterns
//   become "[email removed]";
// - remove_url_userinfo: "scheme://user:pass@host" loses "user:pass@";
// - remove_user_accounts: user-account objects (a person's login, user id, display
//   name) are withheld, and so are indicators whose pattern tests a user-account.
// Identifiers stay consistent: an observable whose id-contributing properties
// changed gets the deterministic id of its new content (STIX 2.1 section 2.9, see
// observable_id.hpp), and every reference to an old id among the objects filtered
// together (_ref and _refs properties, ids inside text and patterns) is rewritten. A
// reference to a withheld object is dropped from a _refs list; an object whose
// single _ref, or whole _refs list, pointed at withheld objects is withheld too, and
// text shows "[reference removed]". The ids of withheld or changed observables
// would give their values away (a UUIDv5 over an internal network is quickly
// enumerated), so no original id of either survives.
// STIX patterns are rewritten on their parse tree (intel/pattern.hpp) and printed
// back, so they stay valid patterns. A filter is immutable and thread-safe.
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "center/privacy/address_pseudonym.hpp"
#include "intel/cidr.hpp"
#include "intel/stix_object.hpp"

namespace rampart::center::privacy {

enum class AddressTreatment { keyed, prefix_preserving, remove };

struct PrivacySettings {
  std::vector<intel::Cidr> internal_networks;
  AddressTreatment addresses = AddressTreatment::keyed;
  std::string key;  // the key file's bytes; needed to pseudonymise
  bool remove_emails = true;
  bool remove_url_userinfo = true;
  bool remove_user_accounts = true;
};

inline constexpr std::string_view kEmailRemoved = "[email removed]";
inline constexpr std::string_view kAddressRemoved = "[address removed]";
inline constexpr std::string_view kReferenceRemoved = "[reference removed]";

class PrivacyFilter {
 public:
  // The default policy: no internal networks; e-mails and URL user info removed.
  PrivacyFilter() = default;
  // Refuses pseudonymisation without a key of kMinimumKeyBytes, and single addresses
  // as internal networks under keyed pseudonyms (the network part is what they keep).
  static std::expected<PrivacyFilter, std::string> create(PrivacySettings settings);

  // The filtered copy, or nullopt when the object must not leave at all.
  std::optional<intel::Json> apply(const intel::Json& object) const;
  // Objects leaving together (a bundle, a TAXII page), each filtered copy at its
  // object's index (nullopt: withheld), with their ids and references rewritten
  // consistently. referenced holds further objects the leaving ones may refer to
  // (observables stored elsewhere): their new ids, or their withholding, are applied
  // to the references; they are not returned.
  std::vector<std::optional<intel::Json>> apply_all(const std::vector<intel::Json>& objects,
                                                    const std::vector<intel::Json>& referenced = {}) const;

  // An address or block as text: nullopt when it is not internal, else its
  // replacement (empty when addresses are removed).
  std::optional<std::string> replace_address(std::string_view text) const;
  // Free text with the policy applied; sets address_removed when an internal address
  // was removed from it.
  std::string scrub_text(std::string_view text, bool& address_removed) const;

 private:
  const intel::Cidr* internal_network_of(const intel::Cidr& block) const;
  std::string replace_addresses_in_text(std::string_view text, bool& address_removed) const;
  bool filter_observable(intel::Json& object) const;
  bool filter_pattern(intel::Json& indicator) const;
  void scrub_strings(intel::Json& value) const;
  // The object's content filtered, ids and references not yet rewritten.
  std::optional<intel::Json> filter_content(const intel::Json& object) const;

  PrivacySettings settings_;
  std::shared_ptr<const PrefixPreservingPseudonymiser> prefix_preserving_;
};

// Drops "user:pass@" from every "scheme://user:pass@host" in text.
std::string strip_url_userinfo(std::string_view text);
// Replaces every e-mail address in text by kEmailRemoved.
std::string replace_emails(std::string_view text);

}  // namespace rampart::center::privacy
