#include "intel/tlp.hpp"

#include <array>

namespace rampart::intel {
namespace {

constexpr std::array<TlpMarking, 9> kMarkings{{
    {TlpLevel::Clear, 2, "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", "TLP:CLEAR", "clear"},
    {TlpLevel::Green, 2, "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", "TLP:GREEN", "green"},
    {TlpLevel::Amber, 2, "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", "TLP:AMBER", "amber"},
    {TlpLevel::AmberStrict, 2, "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", "TLP:AMBER+STRICT",
     "amber+strict"},
    {TlpLevel::Red, 2, "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", "TLP:RED", "red"},
    {TlpLevel::Clear, 1, "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", "TLP:WHITE", "white"},
    {TlpLevel::Green, 1, "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", "TLP:GREEN", "green"},
    {TlpLevel::Amber, 1, "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", "TLP:AMBER", "amber"},
    {TlpLevel::Red, 1, "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", "TLP:RED", "red"},
}};

}  // namespace

std::span<const TlpMarking> tlp_markings() { return kMarkings; }

const TlpMarking* find_tlp_marking(std::string_view marking_definition_id) {
  for (const auto& marking : kMarkings) {
    if (marking.id == marking_definition_id) return &marking;
  }
  return nullptr;
}

const TlpMarking& tlp2_marking(TlpLevel level) { return kMarkings[static_cast<size_t>(level)]; }

}  // namespace rampart::intel
