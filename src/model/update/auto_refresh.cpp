// Auto-refresh: when the next refresh of the list (and the details) is due.
#include <algorithm>

#include "model/app.hpp"
#include "model/update/reducers.hpp"

namespace bt::reduce::autorefresh {

void arm(AutoRefreshState& a, const ListState& l, bool started, Effects& out) {
  AutoRefresh& ar = a.autoRefresh;
  ++ar.generation;
  ar.dueAtMs.reset();
  if (!started || ar.intervalMs <= 0 || !ar.visible) return;
  if (ar.pauseWhenSettled && pageIsSettled(l)) return;
  ar.dueAtMs = out.now + ar.intervalMs;
  out.startTimer(TimerKind::AutoRefresh, Channel::List, ar.generation, ar.intervalMs);
}

void setInterval(AutoRefreshState& a, const ListState& l, Millis intervalMs, bool started, Effects& out) {
  a.autoRefresh.intervalMs = intervalMs <= 0 ? 0 : std::max(intervalMs, kMinAutoRefreshMs);
  // While a load runs the schedule restarts when it ends, but "off" holds at once.
  if (!l.list.busy() || a.autoRefresh.intervalMs == 0) arm(a, l, started, out);
}

void setPauseWhenSettled(AutoRefreshState& a, const ListState& l, bool pause, bool started, Effects& out) {
  a.autoRefresh.pauseWhenSettled = pause;
  if (!l.list.busy()) arm(a, l, started, out);
}

Visibility visibilityChanged(AutoRefreshState& a, const ListState& l, bool visible, bool started, Effects& out) {
  AutoRefresh& ar = a.autoRefresh;
  if (ar.visible == visible) return Visibility::Nothing;
  ar.visible = visible;
  if (!visible) {
    ++ar.generation;  // hidden: the pending refresh will not run
    ar.dueAtMs.reset();
    return Visibility::Nothing;
  }
  // Back in view: refresh now if one fell due while hidden, else resume.
  if (ar.intervalMs > 0 && l.page && out.now - l.pageUpdatedMs >= ar.intervalMs &&
      !(ar.pauseWhenSettled && pageIsSettled(l)))
    return Visibility::RefreshNow;
  if (!l.list.busy()) arm(a, l, started, out);
  return Visibility::Nothing;
}

bool due(AutoRefreshState& a, const Timer& timer) {
  if (timer.token != a.autoRefresh.generation || !a.autoRefresh.dueAtMs) return false;
  a.autoRefresh.dueAtMs.reset();
  return true;
}

}  // namespace bt::reduce::autorefresh
