// The timeline's geometry, as pure functions: batches packed into lanes so
// that overlapping batches never share one, and an index that finds the bars
// in a time window without looking at the others.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "model/batch_task.hpp"
#include "model/time.hpp"

namespace bt {

// One batch as a bar: [begin, end) in seconds.
struct TimelineBar {
  std::uint32_t batch = 0;  // its index in the batches packed
  std::uint32_t lane = 0;
  UnixSeconds begin = 0;
  UnixSeconds end = 0;      // exclusive; for a running batch, `now` when packed (it grows: barEnd)
  bool running = false;     // not ended: the bar reaches now, and its lane stays its own
  bool operator==(const TimelineBar&) const = default;
};

struct TimelineLanes {
  std::vector<TimelineBar> bars;                   // in the batches' order, those with a begin time
  std::vector<std::vector<std::uint32_t>> lanes;   // per lane, indices into `bars`, by begin time
  std::size_t withoutBegin = 0;                    // batches left out: no parseable TaskBegin
  UnixSeconds packedAt = 0;                        // the `now` running bars reached when packed
  bool operator==(const TimelineLanes&) const = default;
};

// Packs intervals greedily by begin time, each into the lowest lane free at
// its begin (a min-heap of lane ends): overlapping bars never share a lane.
// A finished batch spans TaskBegin to TaskEnd; a running one (not ended())
// spans TaskBegin to `now`, and since its end is unknown its lane is not
// reused after it, so the packing stays valid as now moves on. Every bar lasts
// at least a second (an end before the begin, as the API's examples show, or an
// ended batch without a readable TaskEnd, is a one-second mark), so batches
// that begin together get lanes of their own. Batches without a parseable
// TaskBegin are left out and counted. O(n log n).
TimelineLanes packLanes(const std::vector<BatchTask>& batches, UnixSeconds now);

// Where a bar ends at `now`: running bars grow with it.
UnixSeconds barEnd(const TimelineBar& bar, UnixSeconds now);

// The bars (indices into `lanes.bars`) that touch the window [t0, t1] at `now`
// (begin <= t1 and end >= t0), lane by lane, each lane's by begin time.
// O(lanes · log n + visible): the bars of a lane do not overlap, so their ends
// are sorted as their begins are, and a binary search finds the first one.
std::vector<std::uint32_t> visibleBars(const TimelineLanes& lanes, UnixSeconds t0, UnixSeconds t1, UnixSeconds now);
// The same within lanes [firstLane, endLane) only: what a view scrolled to
// those lanes shows, at O((endLane - firstLane) · log n + visible).
std::vector<std::uint32_t> visibleBars(const TimelineLanes& lanes, UnixSeconds t0, UnixSeconds t1, UnixSeconds now,
                                       std::size_t firstLane, std::size_t endLane);

// From the earliest begin to the latest end at `now`, over every bar; none
// without bars. O(lanes): a lane's first bar begins first and its last ends last.
struct TimeSpan {
  UnixSeconds begin = 0;
  UnixSeconds end = 0;
  bool operator==(const TimeSpan&) const = default;
};
std::optional<TimeSpan> timelineSpan(const TimelineLanes& lanes, UnixSeconds now);

}  // namespace bt
