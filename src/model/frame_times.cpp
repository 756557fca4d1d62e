#include "model/frame_times.hpp"

#include <algorithm>
#include <cmath>

namespace bt {

void FrameTimes::add(double ms) {
  samples_[next_] = ms;
  next_ = (next_ + 1) % kWindow;
  count_ = std::min(count_ + 1, kWindow);
}

FrameTimes::Summary FrameTimes::summary() const {
  if (count_ == 0) return {};
  std::array<double, kWindow> sorted = samples_;
  std::sort(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(count_));
  // Nearest rank: the smallest sample with at least q of the samples at or below it.
  auto rank = [&](double q) {
    const auto r = static_cast<std::size_t>(std::ceil(q * static_cast<double>(count_)));
    return sorted[std::clamp<std::size_t>(r, 1, count_) - 1];
  };
  return {rank(0.5), rank(0.95)};
}

}  // namespace bt
