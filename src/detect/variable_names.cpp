#include "detect/variable_names.hpp"

#include <mutex>
#include <string>
#include <unordered_map>

namespace rampart::detect {

uint32_t intern_variable_name(std::string_view name) {
  static std::mutex mutex;
  static std::unordered_map<std::string, uint32_t> ids;
  std::lock_guard lock(mutex);
  auto [it, inserted] = ids.try_emplace(std::string(name), static_cast<uint32_t>(ids.size()));
  return it->second;
}

}  // namespace rampart::detect
