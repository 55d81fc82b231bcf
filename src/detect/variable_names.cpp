#include "detect/variable_names.hpp"

#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace rampart::detect {

namespace {

struct VariableNames {
  std::mutex mutex;
  std::unordered_map<std::string, uint32_t> ids;
  std::deque<std::string> names;  // by id; a deque never moves its strings
};

VariableNames& variable_names() {
  static VariableNames table;
  return table;
}

}  // namespace

uint32_t intern_variable_name(std::string_view name) {
  auto& t = variable_names();
  std::lock_guard lock(t.mutex);
  auto [it, inserted] = t.ids.try_emplace(std::string(name), static_cast<uint32_t>(t.names.size()));
  if (inserted) t.names.emplace_back(name);
  return it->second;
}

std::string_view variable_name(uint32_t id) {
  auto& t = variable_names();
  std::lock_guard lock(t.mutex);
  return id < t.names.size() ? std::string_view(t.names[id]) : std::string_view();
}

}  // namespace rampart::detect
