#pragma once
// The Traffic Light Protocol marking definitions STIX predefines: TLP 2.0 (CLEAR,
// GREEN, AMBER, AMBER+STRICT, RED; published by OASIS as the TLP 2.0 extension with
// fixed identifiers) and TLP 1.0 (WHITE, GREEN, AMBER, RED; STIX 2.1 section 7.2.1.4),
// the latter kept for reading older data. Lookups are by marking-definition id.
#include <span>
#include <string_view>

namespace rampart::intel {

// Ordered from least to most restrictive; WHITE is TLP 1.0's name for CLEAR.
enum class TlpLevel { Clear, Green, Amber, AmberStrict, Red };

struct TlpMarking {
  TlpLevel level;
  int tlp_version;             // 1 or 2
  std::string_view id;         // marking-definition--UUID
  std::string_view name;       // "TLP:AMBER+STRICT"
  std::string_view value;      // the definition's value: "amber+strict" (2.0) or "white" (1.0)
};

// Every predefined TLP marking definition, TLP 2.0 first.
std::span<const TlpMarking> tlp_markings();

// The predefined marking with that id, or nullptr.
const TlpMarking* find_tlp_marking(std::string_view marking_definition_id);

// The TLP 2.0 marking definition to use when writing a level.
const TlpMarking& tlp2_marking(TlpLevel level);

// The STIX extension-definition that carries TLP 2.0 markings.
inline constexpr std::string_view kTlp2ExtensionId = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

}  // namespace rampart::intel
