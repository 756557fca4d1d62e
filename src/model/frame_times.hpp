// How long the main thread took to draw recent frames: a fixed window of the
// latest samples and their median and 95th percentile, for diagnostics().
#pragma once
#include <array>
#include <cstddef>

namespace bt {

class FrameTimes {
 public:
  static constexpr std::size_t kWindow = 120;  // frames

  // Records one frame's main-thread time; the oldest falls out of a full window.
  void add(double ms);
  std::size_t count() const { return count_; }

  struct Summary {
    double median = 0;
    double p95 = 0;
    bool operator==(const Summary&) const = default;
  };
  // Over the frames in the window (nearest rank); zeros before the first.
  Summary summary() const;

 private:
  std::array<double, kWindow> samples_{};
  std::size_t next_ = 0;
  std::size_t count_ = 0;
};

}  // namespace bt
