#include "cli/progress_bar.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <string>

namespace rampart::cli {

void ProgressBar::update(uint64_t done, uint64_t total) {
  if (!enabled_ || total == 0) return;
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < std::chrono::milliseconds(100) && done < total) return;
  last_ = now;
  constexpr int kWidth = 40;
  double fraction = done >= total ? 1.0 : static_cast<double>(done) / static_cast<double>(total);
  int filled = static_cast<int>(fraction * kWidth);
  fmt::print(stderr, "\r[{}{}] {:5.1f}% {:.1f}/{:.1f} MB", std::string(static_cast<size_t>(filled), '#'),
             std::string(static_cast<size_t>(kWidth - filled), ' '), fraction * 100, static_cast<double>(done) / 1e6,
             static_cast<double>(total) / 1e6);
  drawn_ = true;
}

void ProgressBar::finish() {
  if (drawn_) fmt::print(stderr, "\n");
  drawn_ = false;
}

}  // namespace rampart::cli
