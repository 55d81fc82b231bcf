#pragma once
// Flowbit and flowint names interned to small ids, process-wide and append-only, so a
// flow's variables keep their meaning when the rule set is reloaded. Interning
// happens when a rule set is built, never on the packet path.
#include <cstdint>
#include <string_view>

namespace rampart::detect {

uint32_t intern_variable_name(std::string_view name);

// The name an id was interned for (valid for the life of the process), or "" for an
// id never handed out.
std::string_view variable_name(uint32_t id);

}  // namespace rampart::detect
