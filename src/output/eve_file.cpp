#include "output/eve_file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

namespace rampart::output {

std::expected<std::unique_ptr<EveFile>, std::string> EveFile::open(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "ae");
  if (f == nullptr) return std::unexpected(fmt::format("{}: cannot open for writing: {}", path, std::strerror(errno)));
  return std::unique_ptr<EveFile>(new EveFile(f));
}

void EveFile::write(std::string_view lines, uint64_t records) {
  std::lock_guard lock(mutex_);
  std::fwrite(lines.data(), 1, lines.size(), file_.get());
  records_ += records;
  if (tee_) tee_(lines);
}

void EveFile::flush() {
  std::lock_guard lock(mutex_);
  std::fflush(file_.get());
}

}  // namespace rampart::output
