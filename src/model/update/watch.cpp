// Watching while batches run: rows that changed, batches that stalled, what
// the person has not seen (the title's count, "since you last looked"), the
// notifications asked for, and the summary event for the embedding page.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "model/app.hpp"
#include "model/update/reducers.hpp"

namespace bt::reduce::watch {
namespace {

void setUnseen(WatchState& w, std::int64_t count, Effects& out) {
  if (count == w.unseenFailed) return;
  w.unseenFailed = count;
  out.add(fx::ShowUnseenFailures{count});
}

// Failures since the person last looked: by the totals when they are known
// for the filters looked at, and never fewer than the rows seen to fail.
void recountUnseen(WatchState& w, const AppState& s, Effects& out) {
  std::int64_t unseen = static_cast<std::int64_t>(w.unseenFailedIds.size());
  const std::optional<StatusTotals> totals = currentTotals(s);
  if (totals && w.failedSeen && w.lastLook && w.lastLook->filters == s.countedFilters)
    unseen = std::max(unseen, totalOf(*totals, TaskStatus::Failed) - *w.failedSeen);
  setUnseen(w, unseen, out);
}

const BatchTask* rowOf(const AppState& s, std::string_view batchId) {
  if (!s.page) return nullptr;
  for (const BatchTask& t : s.page->tasks)
    if (t.batchId == batchId) return &t;
  return nullptr;
}

// The batch's name if it has one, else its id.
std::string nameOf(const AppState& s, const std::string& batchId) {
  const BatchTask* row = rowOf(s, batchId);
  return row && !row->taskName.empty() ? row->taskName : batchId;
}

void tell(WatchState& w, const AppState& s, const Sighting& seen, Effects& out) {
  if (!seen.newlyFailed.empty()) {
    if (seen.newlyFailed.size() == 1)
      out.add(fx::Announce{{MessageId::AnnounceBatchFailed, {nameOf(s, seen.newlyFailed.front())}}});
    else
      out.add(fx::Announce{{MessageId::AnnounceBatchesFailed, {std::to_string(seen.newlyFailed.size())}}});
  }
  if (w.permission != NotificationPermission::Granted) return;
  if (w.notifyFailures && !seen.newlyFailed.empty()) {
    std::string names;
    for (const std::string& id : seen.newlyFailed) names += (names.empty() ? "" : ", ") + nameOf(s, id);
    if (seen.newlyFailed.size() == 1)
      out.add(fx::Notify{{MessageId::NotifyBatchFailed, {names}}, verbatim(seen.newlyFailed.front()),
                         "failed:" + seen.newlyFailed.front()});
    else
      out.add(fx::Notify{{MessageId::NotifyBatchesFailed, {std::to_string(seen.newlyFailed.size())}},
                         verbatim(names), "failed"});
  }
  for (const std::string& id : seen.ended) {
    auto it = std::find(w.notifyWhenEnds.begin(), w.notifyWhenEnds.end(), id);
    if (it == w.notifyWhenEnds.end()) continue;
    w.notifyWhenEnds.erase(it);
    const BatchTask* row = rowOf(s, id);
    out.add(fx::Notify{{MessageId::NotifyBatchEnded, {nameOf(s, id), row ? row->status : std::string()}},
                       verbatim(id), "ended:" + id});
  }
}

// The person looks now: what they see is seen.
void look(WatchState& w, const AppState& s, Effects& out) {
  w.unseenFailedIds.clear();
  const std::optional<StatusTotals> totals = currentTotals(s);
  if (totals) {
    w.failedSeen = totalOf(*totals, TaskStatus::Failed);
    const Look now{out.now, s.countedFilters, *totals};
    if (!w.lastLook || !(w.lastLook->filters == now.filters && w.lastLook->totals == now.totals) ||
        out.now - w.lastLook->atMs >= kCountIntervalMs) {
      w.lastLook = now;
      out.add(fx::SavePreference{w.lookKey, encodeLook(now)});
    }
  }
  setUnseen(w, 0, out);
}

}  // namespace

void pageArrived(WatchState& w, const AppState& s, bool refresh, Effects& out) {
  Sighting seen = observe(w.observations, s.page->tasks, s.pageAnsweredMs(), refresh);
  w.changes = std::move(seen.changes);
  w.changesAtMs = out.now;
  w.newlyFailed = seen.newlyFailed;
  if (!personIsLooking(s)) {
    for (const std::string& id : seen.newlyFailed)
      if (std::find(w.unseenFailedIds.begin(), w.unseenFailedIds.end(), id) == w.unseenFailedIds.end())
        w.unseenFailedIds.push_back(id);
    recountUnseen(w, s, out);
  }
  tell(w, s, seen, out);
  summarize(w, s, out);
}

void totalsArrived(WatchState& w, const AppState& s, Effects& out) {
  const std::optional<StatusTotals> totals = currentTotals(s);
  if (!totals) return;
  if (w.digestBase && personIsLooking(s)) {
    // Only against the same filters: other filters count other batches.
    if (w.digestBase->filters == s.countedFilters && w.digestBase->atMs < out.now)
      w.digest = digestBetween(*w.digestBase, *totals);
    w.digestBase.reset();
  }
  if (personIsLooking(s))
    look(w, s, out);
  else
    recountUnseen(w, s, out);
  summarize(w, s, out);
}

void attentionChanged(WatchState& w, const AppState& s, bool wasLooking, Effects& out) {
  if (personIsLooking(s) && !wasLooking) look(w, s, out);
}

void visibilityChanged(WatchState& w, bool visible, Effects& out) {
  if (!visible) {
    w.hiddenSinceMs = out.now;
    return;
  }
  if (w.hiddenSinceMs && out.now - *w.hiddenSinceMs >= kAwayForDigestMs && w.lastLook) w.digestBase = w.lastLook;
  w.hiddenSinceMs.reset();
}

void restore(WatchState& w, std::string_view lastLook) {
  if (lastLook.empty() || w.lastLook) return;
  if (std::optional<Look> look = decodeLook(lastLook)) {
    w.lastLook = look;
    w.digestBase = look;
  }
}

void setStalledOnly(WatchState& w, bool on) { w.stalledOnly = on; }

void setNotifyFailures(WatchState& w, bool on, Effects& out) {
  w.notifyFailures = on;
  if (on && w.permission != NotificationPermission::Granted) out.add(fx::RequestNotificationPermission{});
}

void setNotifyWhenEnds(WatchState& w, const std::string& batchId, bool on, Effects& out) {
  auto it = std::find(w.notifyWhenEnds.begin(), w.notifyWhenEnds.end(), batchId);
  if (on && it == w.notifyWhenEnds.end() && !batchId.empty()) {
    w.notifyWhenEnds.push_back(batchId);
    if (w.permission != NotificationPermission::Granted) out.add(fx::RequestNotificationPermission{});
  } else if (!on && it != w.notifyWhenEnds.end()) {
    w.notifyWhenEnds.erase(it);
  }
}

void permissionIs(WatchState& w, HostState& h, NotificationPermission p) {
  const bool wanted = w.notifyFailures || !w.notifyWhenEnds.empty();
  w.permission = p;
  if (p == NotificationPermission::Denied && wanted) {
    w.notifyFailures = false;
    w.notifyWhenEnds.clear();
    h.notices.push_back({MessageId::NotificationsBlocked});
  }
}

void summarize(WatchState& w, const AppState& s, Effects& out) {
  const std::optional<StatusTotals> totals = currentTotals(s);
  nlohmann::json detail = {
      {"running", totals ? nlohmann::json(totalOf(*totals, TaskStatus::Running)) : nlohmann::json(nullptr)},
      {"failed", totals ? nlohmann::json(totalOf(*totals, TaskStatus::Failed)) : nlohmann::json(nullptr)},
      {"newlyFailed", w.newlyFailed},
      {"stalled", stalledBatches(s)}};
  std::string text = detail.dump();
  if (text == w.lastSummary) return;
  w.lastSummary = std::move(text);
  out.emit("summary", detail);
}

}  // namespace bt::reduce::watch
