// Fuzzes the correlation-rule YAML parser (center.yaml's correlation section): any
// bytes must give a config or an error, never a crash; a parsed config must build
// its asset inventory and hold only rules with a positive window.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "center/incidents/correlation_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = rampart::center::incidents::parse_correlation_config(text, "fuzz");
  if (!config) return 0;
  if (!rampart::center::incidents::AssetInventory::build(config->assets)) std::abort();
  for (const auto& rule : config->rules)
    if (rule.window_us <= 0 || (!rule.followed_by && rule.group_by.empty())) std::abort();
  return 0;
}
