// update(): routes each action to the feature reducers (model/update/), then
// writes the URL when the view it holds changed.
#include "model/app.hpp"

#include <algorithm>
#include <optional>

#include "model/paging.hpp"
#include "model/wire.hpp"
#include "model/update/reducers.hpp"

namespace bt {
namespace {

using namespace reduce;

template <class A>
concept ListAction = requires(ListState& l, RequestState& r, const A& a, Effects& out) {
  list::apply(l, r, a, true, out);
};

// Which feature an action belongs to, and what one feature's outcome asks of
// another (a load that ended schedules the next auto-refresh).
struct Router {
  AppState& s;
  Effects& out;

  // The list and the open details again: the person's refresh, or auto-refresh.
  void refresh() {
    if (!s.started) return;
    list::reload(s, s, out);
    detail::reload(s, s, out);
    totals::count(s, s, s, s.started, true, out);
    timeline::refresh(s, s, s, s.started, out);
  }
  // Counts again if the filters changed.
  void recount() { totals::count(s, s, s, s.started, false, out); }
  // The timeline loads what the view and the filters now ask for.
  void retimeline() { timeline::sync(s, s, s, s.started, out); }
  // The person starts or stops looking.
  template <class Change>
  void attention(Change change) {
    const bool wasLooking = personIsLooking(s);
    change();
    watch::attentionChanged(s, s, wasLooking, out);
  }
  void loaded(Load load) {
    if (load == Load::Ended) autorefresh::arm(s, s, s.started, out);
  }

  void operator()(const act::Start& a) {
    if (s.started) return;
    s.started = true;
    list::start(s, s, a.earlyRequestBody, out);  // first: the regions never hold up the first rows
    config::start(s, s, out);
    detail::reload(s, s, out);
    recount();
    retimeline();
  }

  // A region the service does not serve (once it has said which it serves)
  // falls back to the default region, said in a notice; the rest stands.
  std::string admitRegion(std::string region) {
    if (region.empty() || !s.service || s.service->serves(region)) return region;
    s.notices.push_back({MessageId::RegionNotServed, {region, s.service->regionList(), s.service->defaultRegion}});
    return {};
  }
  template <class A>
  const A& admitted(const A& a) { return a; }
  act::SetRegion admitted(const act::SetRegion& a) { return {admitRegion(a.region)}; }
  act::SetQuery admitted(const act::SetQuery& a) {
    act::SetQuery copy = a;
    copy.query.region = admitRegion(std::move(copy.query.region));
    return copy;
  }
  act::PatchQuery admitted(const act::PatchQuery& a) {
    act::PatchQuery copy = a;
    if (copy.region) copy.region = admitRegion(std::move(*copy.region));
    return copy;
  }
  // The details of a batch of another region close when the list moves away
  // from it: the link then names the region the batch is in.
  void followRegion(const std::string& before) {
    if (s.query.region != before && !s.selectedBatchId.empty() && s.selectedRegion != s.query.region)
      detail::select(s, s, "", "", s.started, out);
  }
  // The region of the rows on screen (a row the person picks is one of them),
  // unless the service has since said it does not serve it.
  std::string regionOfRows() const {
    const std::string& rows = s.page ? s.pageQuery.region : s.query.region;
    return !s.service || rows.empty() || s.service->serves(rows) ? rows : s.query.region;
  }

  template <ListAction A>
  void operator()(const A& a) {
    const std::string region = s.query.region;
    list::apply(s, s, admitted(a), s.started, out);
    followRegion(region);
    recount();
    retimeline();
  }
  void operator()(const act::Refresh&) { refresh(); }
  void operator()(const act::SelectBatch& a) { detail::select(s, s, a.batchId, regionOfRows(), s.started, out); }

  // The service said which regions it serves: a region asked for before it
  // said (by the link) that it does not serve falls back to the default.
  void configured(bool usable) {
    if (!usable) return;
    if (std::string region = admitRegion(s.query.region); region != s.query.region) {
      TaskQuery q = s.query;
      q.region = std::move(region);
      list::setQuery(s, s, std::move(q), s.started, out);
      recount();
      retimeline();
    }
    if (!s.selectedRegion.empty() && !s.service->serves(s.selectedRegion))
      detail::select(s, s, s.selectedBatchId, "", s.started, out);
  }

  // An answer counts only if it is to the newest request still awaited.
  // The channel awaiting this answer, if any: only its newest request counts.
  std::optional<Channel> awaiting(std::uint64_t requestId) const {
    const auto awaits = [&](const RequestChannel& c) { return c.inFlight && c.activeId == requestId; };
    if (awaits(s.list)) return Channel::List;
    if (awaits(s.detailRequest)) return Channel::Detail;
    if (awaits(s.exportRequest)) return Channel::Export;
    if (totals::awaits(s, requestId)) return Channel::Count;
    if (awaits(s.configRequest)) return Channel::Config;
    if (awaits(s.timelineRequest)) return Channel::Timeline;
    return std::nullopt;
  }
  void operator()(const act::ResponseArrived& a) {
    const std::optional<Channel> c = awaiting(a.requestId);
    if (c == Channel::List) {
      const std::uint64_t pages = s.pagesArrived;
      const bool shown = s.page.has_value();
      const TaskQuery shownQuery = s.pageQuery;
      loaded(list::answered(s, s, a.httpStatus, a.body, parseAnswerSource(a.ageHeader, a.staleHeader), out));
      if (s.pagesArrived != pages) watch::pageArrived(s, s, shown && shownQuery == s.pageQuery, out);
      recount();  // after the first page, whose request went alone
      retimeline();
    } else if (c == Channel::Detail) {
      detail::answered(s, s, a.httpStatus, a.body, out);
    } else if (c == Channel::Export) {
      exporting::answered(s, s, s, a.httpStatus, a.body, out);
    } else if (c == Channel::Count) {
      if (totals::answered(s, s, a.requestId, a.httpStatus, a.body, out)) watch::totalsArrived(s, s, out);
    } else if (c == Channel::Config) {
      configured(config::answered(s, a.httpStatus, a.body));
    } else if (c == Channel::Timeline) {
      timeline::answered(s, s, a.httpStatus, a.body, out);
    }
  }
  void operator()(const act::TransportFailed& a) {
    const std::optional<Channel> c = awaiting(a.requestId);
    if (c == Channel::List) {
      loaded(list::failed(s, s, makeNetworkError(a.detail), out));
      recount();
      retimeline();
    }
    else if (c == Channel::Detail)
      detail::failed(s, s, makeNetworkError(a.detail), out);
    else if (c == Channel::Export)
      exporting::failed(s, s, s, makeNetworkError(a.detail), out);
    else if (c == Channel::Count)
      totals::failed(s, s, a.requestId, makeNetworkError(a.detail), out);
    else if (c == Channel::Config)
      config::failed(s);  // no regions offered; nothing to tell
    else if (c == Channel::Timeline)
      timeline::failed(s, s, makeNetworkError(a.detail), out);
  }
  void operator()(const act::TimerFired& a) {
    if (a.timer.kind == TimerKind::AutoRefresh) {
      if (autorefresh::due(s, a.timer)) refresh();
      return;
    }
    switch (a.timer.channel) {
      case Channel::List: loaded(list::timerFired(s, s, a.timer, out)); break;
      case Channel::Detail: detail::timerFired(s, s, a.timer, out); break;
      case Channel::Export: exporting::timerFired(s, s, s, a.timer, out); break;
      case Channel::Count: totals::timerFired(s, s, s, a.timer, out); break;
      case Channel::Config: break;  // starts no timers
      case Channel::Timeline: timeline::timerFired(s, s, a.timer, out); break;
    }
  }

  void operator()(const act::UrlChanged& a) {
    ParsedUrlState parsed = parseUrlState(a.fragment);
    s.notices.insert(s.notices.end(), parsed.problems.begin(), parsed.problems.end());
    s.timeZone = parsed.state.timeZone;
    s.timeZoneFromLink = parsed.timeZoneGiven;
    parsed.state.query.region = admitRegion(std::move(parsed.state.query.region));
    std::string region = parsed.state.query.region;  // the link's batch is in the link's region
    list::setQuery(s, s, std::move(parsed.state.query), s.started, out);
    detail::select(s, s, std::move(parsed.state.selectedBatchId), std::move(region), s.started, out);
    s.view = parsed.state.view;
    recount();
    retimeline();
  }
  void operator()(const act::SetView& a) {
    s.view = a.view;
    retimeline();
  }
  void operator()(const act::Find& a) { find::apply(s, s, s, a.text, regionOfRows(), s.started, out); }
  void operator()(const act::SetTimeZone& a) { s.timeZone = a.zone; }
  void operator()(const act::RestorePreferences& a) {
    if (a.timeZone && !s.timeZoneFromLink) s.timeZone = *a.timeZone;
    watch::restore(s, a.lastLook);
  }

  void operator()(const act::SetAutoRefresh& a) { autorefresh::setInterval(s, s, a.intervalMs, s.started, out); }
  void operator()(const act::SetPauseWhenSettled& a) {
    autorefresh::setPauseWhenSettled(s, s, a.pause, s.started, out);
  }
  void operator()(const act::VisibilityChanged& a) {
    attention([&] {
      const bool changed = s.autoRefresh.visible != a.visible;
      if (autorefresh::visibilityChanged(s, s, a.visible, s.started, out) == autorefresh::Visibility::RefreshNow)
        refresh();
      if (!changed) return;
      watch::visibilityChanged(s, a.visible, out);
      // Back after a while: count again, for the digest and the badge.
      if (a.visible) totals::count(s, s, s, s.started, true, out);
    });
  }
  void operator()(const act::FocusChanged& a) {
    attention([&] { s.focused = a.focused; });
  }
  void operator()(const act::DismissDigest&) { s.digest.reset(); }
  void operator()(const act::SetStalledOnly& a) { watch::setStalledOnly(s, a.on); }
  void operator()(const act::SetNotifyFailures& a) { watch::setNotifyFailures(s, a.on, out); }
  void operator()(const act::SetNotifyWhenEnds& a) { watch::setNotifyWhenEnds(s, a.batchId, a.on, out); }
  void operator()(const act::NotificationPermissionIs& a) { watch::permissionIs(s, s, a.permission); }

  void operator()(const act::StartExport& a) { exporting::start(s, s, s, a, s.started, out); }
  void operator()(const act::CancelExport&) { exporting::cancel(s); }

  void operator()(const act::DismissNotices&) { s.notices.clear(); }
  void operator()(const act::AddNotices& a) { s.notices.insert(s.notices.end(), a.notices.begin(), a.notices.end()); }
  void operator()(const act::CommandIgnored& a) {
    ++s.commandsIgnored;
    s.lastIgnoredCommand = a.reason.substr(0, 200);
  }
};

}  // namespace

Step update(AppState state, const Action& action, Millis now) {
  const UrlState before = urlStateOf(state);
  Effects out{now, {}};
  std::visit(Router{state, out}, action);
  if (state.timeZone != before.timeZone)
    out.add(fx::SavePreference{"timeZone", state.timeZone == TimeZoneMode::Local ? "local" : "utc"});
  // The URL follows the view; it leads only when it is what changed.
  if (state.started && !std::holds_alternative<act::UrlChanged>(action)) {
    const UrlState after = urlStateOf(state);
    if (!(after == before))
      out.add(fx::WriteUrl{encodeUrlState(after), historyOf(action) == History::Push});
  }
  return {std::move(state), std::move(out.effects)};
}

bool isLoading(const ListState& s) { return s.list.busy(); }

bool rowsAreStale(const ListState& s) {
  if (!s.page) return false;
  return s.list.error.has_value() || (!s.list.busy() && !(s.pageQuery == s.query));
}

std::int64_t knownTotal(const ListState& s) {
  return s.page ? effectiveTotal(*s.page, s.pageQuery.pageSize, s.pageQuery.pageNumber) : 0;
}

UrlState urlStateOf(const AppState& s) { return {s.query, s.selectedBatchId, s.timeZone, s.view}; }

bool pageIsSettled(const ListState& s) {
  if (!s.page) return false;
  return std::none_of(s.page->tasks.begin(), s.page->tasks.end(), [](const BatchTask& t) {
    return t.status == statusName(TaskStatus::Running) || t.status == statusName(TaskStatus::Dispatching);
  });
}

long long knownTotalPages(const ListState& s) {
  if (!s.page || !s.pageQuery.sameFilters(s.query)) return 0;
  // Known for these filters; recomputed for the current page size.
  return totalPages(knownTotal(s), s.query.pageSize);
}

std::string countedFiltersOf(const TaskQuery& q) {
  TaskQuery f = q;
  f.statuses.clear();
  f.pageSize = kPageSizes.front();
  f.pageNumber = 1;
  return formEncode(describeBatchTasksParams(f));
}

std::optional<StatusTotals> currentTotals(const AppState& s) {
  if (s.countedFilters.empty() || s.countedFilters != countedFiltersOf(s.query)) return std::nullopt;
  StatusTotals t{};
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!s.counted[i]) return std::nullopt;
    t[i] = *s.counted[i];
  }
  return t;
}

std::optional<std::int64_t> currentTotal(const AppState& s, TaskStatus status) {
  if (s.countedFilters.empty() || s.countedFilters != countedFiltersOf(s.query)) return std::nullopt;
  const auto at = std::find(kAllTaskStatuses.begin(), kAllTaskStatuses.end(), status) - kAllTaskStatuses.begin();
  return s.counted[static_cast<std::size_t>(at)];
}

std::vector<std::string> stalledBatches(const AppState& s) {
  std::vector<std::string> ids;
  if (!s.page) return ids;
  for (const BatchTask& t : s.page->tasks) {
    const auto it = s.observations.find(t.batchId);
    if (it != s.observations.end() && stalledFor(it->second, s.stallMs)) ids.push_back(t.batchId);
  }
  return ids;
}

std::optional<Eta> etaFor(const AppState& s, const BatchTask& t) {
  const auto it = s.observations.find(t.batchId);
  return it == s.observations.end() ? std::nullopt : etaOf(it->second, t);
}

bool personIsLooking(const AppState& s) { return s.autoRefresh.visible && s.focused; }

std::vector<Message> timelineNotes(const TimelineState& t) {
  std::vector<Message> notes;
  if (!t.timeline) return notes;
  if (t.timeline->capped)
    notes.push_back({MessageId::TimelineCapped,
                     {formatCount(static_cast<std::int64_t>(t.timeline->batches.size())),
                      formatCount(t.timeline->totalCount)}});
  if (t.lanes.withoutBegin > 0)
    notes.push_back(
        {MessageId::TimelineWithoutBegin, {formatCount(static_cast<std::int64_t>(t.lanes.withoutBegin))}});
  if (t.timelineRequest.error && !t.timelineRequest.busy())
    notes.push_back({MessageId::TimelineStopped, {t.timelineRequest.error->message}});
  return notes;
}

}  // namespace bt
