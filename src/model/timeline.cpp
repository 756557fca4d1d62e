#include "model/timeline.hpp"

#include <algorithm>
#include <functional>
#include <queue>
#include <utility>

namespace bt {

TimelineLanes packLanes(const std::vector<BatchTask>& batches, UnixSeconds now) {
  TimelineLanes out;
  out.packedAt = now;
  out.bars.reserve(batches.size());
  for (std::size_t i = 0; i < batches.size(); ++i) {
    const BatchTask& t = batches[i];
    if (!t.taskBegin.at) {
      ++out.withoutBegin;
      continue;
    }
    TimelineBar bar;
    bar.batch = static_cast<std::uint32_t>(i);
    bar.begin = *t.taskBegin.at;
    bar.running = !t.ended();
    const UnixSeconds end = bar.running ? now : t.taskEnd.at.value_or(bar.begin);
    bar.end = std::max(end, bar.begin + 1);
    out.bars.push_back(bar);
  }

  std::vector<std::uint32_t> order(out.bars.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::uint32_t>(i);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return std::pair(out.bars[a].begin, a) < std::pair(out.bars[b].begin, b);
  });

  // Lanes in use, by when they end; lanes free again, lowest first. A running
  // bar's lane is never freed: its end is not known yet.
  using LaneEnd = std::pair<UnixSeconds, std::uint32_t>;
  std::priority_queue<LaneEnd, std::vector<LaneEnd>, std::greater<>> busy;
  std::priority_queue<std::uint32_t, std::vector<std::uint32_t>, std::greater<>> freed;
  for (const std::uint32_t i : order) {
    TimelineBar& bar = out.bars[i];
    while (!busy.empty() && busy.top().first <= bar.begin) {
      freed.push(busy.top().second);
      busy.pop();
    }
    if (freed.empty()) {
      bar.lane = static_cast<std::uint32_t>(out.lanes.size());
      out.lanes.emplace_back();
    } else {
      bar.lane = freed.top();
      freed.pop();
    }
    out.lanes[bar.lane].push_back(i);
    if (!bar.running) busy.emplace(bar.end, bar.lane);
  }
  return out;
}

UnixSeconds barEnd(const TimelineBar& bar, UnixSeconds now) {
  return bar.running ? std::max(bar.end, now) : bar.end;
}

std::vector<std::uint32_t> visibleBars(const TimelineLanes& lanes, UnixSeconds t0, UnixSeconds t1,
                                       UnixSeconds now) {
  return visibleBars(lanes, t0, t1, now, 0, lanes.lanes.size());
}

std::vector<std::uint32_t> visibleBars(const TimelineLanes& lanes, UnixSeconds t0, UnixSeconds t1, UnixSeconds now,
                                       std::size_t firstLane, std::size_t endLane) {
  std::vector<std::uint32_t> out;
  if (t1 < t0) return out;
  endLane = std::min(endLane, lanes.lanes.size());
  for (std::size_t l = firstLane; l < endLane; ++l) {
    const std::vector<std::uint32_t>& lane = lanes.lanes[l];
    // Ends rise along a lane (its bars do not overlap; a running bar is its last).
    auto it = std::partition_point(lane.begin(), lane.end(),
                                   [&](std::uint32_t i) { return barEnd(lanes.bars[i], now) < t0; });
    for (; it != lane.end() && lanes.bars[*it].begin <= t1; ++it) out.push_back(*it);
  }
  return out;
}

std::optional<TimeSpan> timelineSpan(const TimelineLanes& lanes, UnixSeconds now) {
  std::optional<TimeSpan> span;
  for (const std::vector<std::uint32_t>& lane : lanes.lanes) {
    if (lane.empty()) continue;
    const UnixSeconds begin = lanes.bars[lane.front()].begin;
    const UnixSeconds end = barEnd(lanes.bars[lane.back()], now);
    if (!span) span = TimeSpan{begin, end};
    span->begin = std::min(span->begin, begin);
    span->end = std::max(span->end, end);
  }
  return span;
}

}  // namespace bt
