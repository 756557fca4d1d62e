// The frame-time window behind diagnostics().frameMs.
#include <doctest/doctest.h>

#include "model/frame_times.hpp"

using namespace bt;

TEST_CASE("frame times: median and 95th percentile by nearest rank, zeros before any frame") {
  FrameTimes t;
  CHECK(t.summary() == FrameTimes::Summary{0, 0});
  t.add(3.0);
  CHECK(t.summary() == FrameTimes::Summary{3.0, 3.0});
  FrameTimes hundred;
  for (int i = 100; i >= 1; --i) hundred.add(i);  // order does not matter
  CHECK(hundred.count() == 100);
  CHECK(hundred.summary().median == 50.0);
  CHECK(hundred.summary().p95 == 95.0);
}

TEST_CASE("frame times: only the latest 120 frames count") {
  FrameTimes t;
  for (int i = 0; i < 500; ++i) t.add(100.0);  // a slow start, long gone
  for (std::size_t i = 0; i < FrameTimes::kWindow; ++i) t.add(i < 114 ? 1.0 : 9.0);  // 6 slow of 120: 5%
  CHECK(t.count() == FrameTimes::kWindow);
  CHECK(t.summary().median == 1.0);
  CHECK(t.summary().p95 == 1.0);
  t.add(9.0);  // 7 slow of 120: more than 5%
  CHECK(t.summary().p95 == 9.0);
}
