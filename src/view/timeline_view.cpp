// The timeline: every batch of the filters as a bar from TaskBegin to TaskEnd
// (to now while it runs), in the lanes the model packed, coloured and marked
// by status as the table is. The wheel zooms around the pointer, a drag pans,
// hover tells the batch, a click opens its details; focused, the keyboard
// pans, zooms and walks the bars. Only the bars in the window and in the
// lanes on screen are looked at (visibleBars), and their list is mirrored for
// screen readers.
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>

#include "model/app.hpp"
#include "model/find.hpp"
#include "model/paging.hpp"
#include "model/time.hpp"
#include "view/controls.hpp"
#include "view/panels.hpp"

namespace bt::view {
namespace {

constexpr double kMinSecondsPerPixel = 0.05;
constexpr double kMaxSecondsPerPixel = 7.0 * 86400;  // a week a pixel: decades across
constexpr double kWheelZoomPerNotch = 0.8;           // the span shown, per wheel notch towards the person
constexpr double kKeyZoom = 0.8;
constexpr double kKeyPanFraction = 0.1;              // of the canvas width, per arrow press
constexpr std::size_t kMaxListedBars = 200;          // the mirrored list, at most
// The mirrored list follows a moving view at most this often: a screen reader
// needs no list per frame, and rebuilding the page's list costs a pan frames.
constexpr Millis kListSettleMs = 250;
// Tick spacings, seconds: the first leaving room for a label is used.
constexpr double kTickSteps[] = {1,     2,     5,     10,     15,     30,     60,      120,     300,     600,
                                 900,   1800,  3600,  7200,   10800,  21600,  43200,   86400,   172800,  604800,
                                 1209600, 2592000, 7776000, 15552000, 31536000, 315360000};

const char* const kCanvasLabel = "Timeline of batches: arrows pan, + and - zoom, Up and Down choose a batch, Enter opens it";

// The stretch of time and the lanes on screen this frame.
struct Geometry {
  ImVec2 min, max;    // the canvas, axis included
  float axisHeight = 0;
  float laneHeight = 0;
  float lanesTop = 0;  // y of lane 0's top, scrolled
  double start = 0;
  double secondsPerPixel = 1;
  float xOf(double t) const { return min.x + static_cast<float>((t - start) / secondsPerPixel); }
  double timeAt(float x) const { return start + static_cast<double>(x - min.x) * secondsPerPixel; }
  double end() const { return timeAt(max.x); }
};

std::string timeText(const Frame& f, UnixSeconds t) {
  const int offset = f.s.timeZone == TimeZoneMode::Local ? f.ctx.localOffsetMinutes(t) : 0;
  return formatDisplayTime(t, offset);
}

std::string beginText(const Frame& f, const BatchTask& t) {
  return t.taskBegin.empty() ? std::string("\u2014") : f.displayTime(t.taskBegin);
}
std::string endText(const Frame& f, const BatchTask& t) {
  return t.ended() ? (t.taskEnd.empty() ? std::string("\u2014") : f.displayTime(t.taskEnd)) : f.tr("running");
}

std::optional<Eta> etaFor(const Frame& f, const TimelineBar& bar, const BatchTask& t) {
  if (!bar.running) return std::nullopt;
  const auto o = f.s.observations.find(t.batchId);
  if (o == f.s.observations.end()) return std::nullopt;
  return etaOf(o->second, t);
}

void clampView(TimelineView& tv) {
  tv.secondsPerPixel = std::clamp(tv.secondsPerPixel, kMinSecondsPerPixel, kMaxSecondsPerPixel);
}

// Every bar in view, padded a little; the last hour when there are none.
void fitToData(TimelineView& tv, const TimelineLanes& lanes, UnixSeconds now, float width) {
  double begin = static_cast<double>(now - 3600), end = static_cast<double>(now);
  if (const std::optional<TimeSpan> span = timelineSpan(lanes, now)) {
    begin = static_cast<double>(span->begin);
    end = std::max(static_cast<double>(span->end), begin + 60);
  }
  const double pad = (end - begin) * 0.03;
  tv.secondsPerPixel = (end - begin + 2 * pad) / std::max(1.0f, width);
  clampView(tv);
  tv.startSeconds = (begin + end) * 0.5 - tv.secondsPerPixel * width * 0.5;
}

void zoomAround(TimelineView& tv, float xInCanvas, double factor) {
  const double at = tv.startSeconds + static_cast<double>(xInCanvas) * tv.secondsPerPixel;
  tv.secondsPerPixel *= factor;
  clampView(tv);
  tv.startSeconds = at - static_cast<double>(xInCanvas) * tv.secondsPerPixel;
  tv.followData = false;
}

// "Loading 300 of 1,240…", "Refreshing…", or how many there are; then the model's notes.
void headerLine(Frame& f) {
  const AppState& s = f.s;
  const TimelineSet* shown = s.timeline ? &*s.timeline : nullptr;
  ImGui::AlignTextToFramePadding();
  if (!shown) {
    ImGui::TextDisabled("%s", f.text("Loading the timeline\u2026"));
  } else if (!shown->complete) {
    const std::string total = shown->totalPages ? formatCount(shown->totalCount) : std::string("?");
    ImGui::TextDisabled("%s", f.say("Loading {} of {}\u2026", formatCount(static_cast<std::int64_t>(shown->batches.size())),
                                    total).c_str());
  } else {
    ImGui::TextDisabled("%s", f.say("{} batches", formatCount(static_cast<std::int64_t>(shown->batches.size()))).c_str());
    if (s.reloading) {
      ImGui::SameLine();
      ImGui::TextDisabled("%s", f.say("Refreshing: {} of {}\u2026",
                                      formatCount(static_cast<std::int64_t>(s.reloading->batches.size())),
                                      s.reloading->totalPages ? formatCount(s.reloading->totalCount) : std::string("?")).c_str());
    }
  }
  if (shown && !shown->complete && s.timelineRequest.busy()) f.redrawWithin(500);
  ImGui::SameLine();
  ImGui::TextDisabled("%s", f.say("Times in {}", f.tr(f.zoneLabel())).c_str());
  ImGui::SameLine();
  if (ImGui::SmallButton(f.label("Show all", "timeline-fit"))) {
    f.v.timeline.followData = true;
    f.v.timeline.secondsPerPixel = 0;
  }
  for (const Message& note : timelineNotes(s)) ImGui::TextColored(f.palette.warning, "%s", f.format(note).c_str());
}

// The axis along the top: ticks at round times of the zone shown, labelled.
void drawAxis(Frame& f, ImDrawList* dl, const Geometry& g) {
  const float labelWidth = ImGui::CalcTextSize("0000-00-00").x + 16;
  double step = kTickSteps[std::size(kTickSteps) - 1];
  for (const double candidate : kTickSteps)
    if (candidate / g.secondsPerPixel >= labelWidth) {
      step = candidate;
      break;
    }
  const auto startSecond = static_cast<UnixSeconds>(std::floor(g.start));
  const double offset =
      f.s.timeZone == TimeZoneMode::Local ? 60.0 * f.ctx.localOffsetMinutes(startSecond) : 0.0;
  const ImU32 line = ImGui::GetColorU32(f.palette.border);
  const ImU32 text = ImGui::GetColorU32(f.palette.textMuted);
  dl->AddLine(ImVec2(g.min.x, g.min.y + g.axisHeight), ImVec2(g.max.x, g.min.y + g.axisHeight), line);
  double t = std::floor((g.start + offset) / step) * step - offset;
  for (int guard = 0; guard < 400 && t <= g.end(); ++guard, t += step) {
    const float x = g.xOf(t);
    if (x < g.min.x - labelWidth) continue;
    dl->AddLine(ImVec2(x, g.min.y + g.axisHeight - 5), ImVec2(x, g.max.y), ImGui::GetColorU32(f.palette.track));
    const std::string full = timeText(f, static_cast<UnixSeconds>(std::llround(t)));  // "2026-04-06 20:51:44"
    std::string label;
    if (step < 60) label = full.substr(11, 8);
    else if (step < 86400) label = full.substr(11, 5) == "00:00" ? full.substr(5, 5) : full.substr(11, 5);
    else label = full.substr(0, 10);
    dl->AddText(ImVec2(x + 3, g.min.y + 2), text, label.c_str());
  }
}

// A dashed horizontal line from x0 to x1, clipped to the canvas.
void dashedLine(ImDrawList* dl, const Geometry& g, float x0, float x1, float y, ImU32 colour, float thickness) {
  constexpr float kDash = 6, kGap = 4;
  x0 = std::max(x0, g.min.x - kDash);
  x1 = std::min(x1, g.max.x);
  for (float x = x0; x < x1; x += kDash + kGap) dl->AddLine(ImVec2(x, y), ImVec2(std::min(x + kDash, x1), y), colour, thickness);
}

struct BarHit {
  std::uint32_t bar = 0;
  bool found = false;
};

// One bar: a tinted body outlined in its status colour, the status icon and
// text and the name when they fit; the selected bar and the keyboard's bar
// outlined; a running bar's ETA as a dashed extension with its range.
void drawBar(Frame& f, ImDrawList* dl, const Geometry& g, const TimelineBar& bar, const BatchTask& t, bool cursor,
             bool canvasFocused) {
  const double now = static_cast<double>(f.ctx.now) / 1000.0;
  const double endAt = bar.running ? std::max(static_cast<double>(bar.end), now) : static_cast<double>(bar.end);
  float x0 = g.xOf(static_cast<double>(bar.begin));
  float x1 = std::max(g.xOf(endAt), x0 + 2);
  const float y0 = g.lanesTop + static_cast<float>(bar.lane) * g.laneHeight + 2;
  const float y1 = y0 + g.laneHeight - 4;
  const StatusLook look = statusLook(t.status, f.palette);
  const ImU32 colour = ImGui::GetColorU32(look.color);
  if (const std::optional<Eta> eta = etaFor(f, bar, t)) {
    const float ym = (y0 + y1) * 0.5f;
    dashedLine(dl, g, x1, g.xOf(static_cast<double>(eta->atMs) / 1000.0), ym, colour, 1.5f);
    // The range: a thin bracket from the earliest to the latest estimate.
    const float ra = g.xOf(static_cast<double>(eta->earliestMs) / 1000.0);
    const float rb = g.xOf(static_cast<double>(eta->latestMs) / 1000.0);
    const ImU32 faint = ImGui::GetColorU32(ImVec4(look.color.x, look.color.y, look.color.z, 0.55f));
    if (rb > g.min.x && ra < g.max.x) {
      dl->AddLine(ImVec2(ra, y1 - 1), ImVec2(rb, y1 - 1), faint, 1.0f);
      dl->AddLine(ImVec2(ra, y1 - 5), ImVec2(ra, y1), faint, 1.0f);
      dl->AddLine(ImVec2(rb, y1 - 5), ImVec2(rb, y1), faint, 1.0f);
    }
  }
  if (x1 < g.min.x || x0 > g.max.x) return;
  x0 = std::max(x0, g.min.x - 4);
  x1 = std::min(x1, g.max.x + 4);
  const float width = x1 - x0;
  if (width < 3) {
    dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x1, y1), colour);
  } else {
    // Rounded corners only where they show: a rounded rectangle is many more vertices.
    const float rounding = width > 12 ? 3.0f : 0.0f;
    dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x1, y1),
                      ImGui::GetColorU32(ImVec4(look.color.x, look.color.y, look.color.z, 0.14f)), rounding);
    dl->AddRect(ImVec2(x0, y0), ImVec2(x1, y1), colour, rounding);
  }
  const bool selected = !t.batchId.empty() && t.batchId == f.s.selectedBatchId;
  if (selected) dl->AddRect(ImVec2(x0 - 2, y0 - 2), ImVec2(x1 + 2, y1 + 2), ImGui::GetColorU32(f.palette.accent), 4.0f, 0, 2.5f);
  if (cursor && canvasFocused)
    dl->AddRect(ImVec2(x0 - 3, y0 - 3), ImVec2(x1 + 3, y1 + 3), ImGui::GetColorU32(ImGuiCol_NavCursor), 5.0f, 0, 2.0f);

  const float icon = ImGui::GetTextLineHeight() * 0.8f;
  const float left = std::max(x0, g.min.x) + 4;  // a bar that began off screen shows its text at the edge
  const float right = std::min(x1, g.max.x) - 4;
  if (right - left < icon + 2) return;
  const float ym = (y0 + y1) * 0.5f;
  drawStatusIcon(dl, ImVec2(left + icon * 0.5f, ym), icon, look.icon, colour);
  const float textX = left + icon + 4;
  if (right - textX < 12) return;
  const std::string label = f.tr(t.status.empty() ? std::string("(none)") : t.status) + " \u00B7 " +
                            (t.taskName.empty() ? t.batchId : t.taskName);
  const float textY = ym - ImGui::GetTextLineHeight() * 0.5f;
  ImGui::PushStyleColor(ImGuiCol_Text, look.color);
  ImGui::RenderTextEllipsis(dl, ImVec2(textX, textY), ImVec2(right, textY + ImGui::GetTextLineHeight()), right,
                            label.c_str(), label.c_str() + label.size(), nullptr);
  ImGui::PopStyleColor();
}

void barTooltip(Frame& f, const TimelineBar& bar, const BatchTask& t) {
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
  ImGui::TextUnformatted(t.taskName.empty() ? f.text("(no name)") : t.taskName.c_str());
  ImGui::PopTextWrapPos();
  ImGui::TextDisabled("%s", t.batchId.c_str());
  statusBadge(f, t.status);
  const std::string zone = f.tr(f.zoneLabel());
  ImGui::TextUnformatted(f.say("Begin ({}): {}", zone, beginText(f, t)).c_str());
  ImGui::TextUnformatted(f.say("End ({}): {}", zone, endText(f, t)).c_str());
  ImGui::TextUnformatted(
      f.say("{} of {} succeeded", std::to_string(t.displaySuccess()), std::to_string(t.displayTotal())).c_str());
  if (const std::optional<Eta> eta = etaFor(f, bar, t))
    ImGui::TextUnformatted(f.say("Expected to end {} (between {} and {})", timeText(f, eta->atMs / 1000),
                                 timeText(f, eta->earliestMs / 1000), timeText(f, eta->latestMs / 1000)).c_str());
  ImGui::TextDisabled("%s", f.text("Click for the details"));
  ImGui::EndTooltip();
}

// The first `count` bars in view by begin time (then lane): the keyboard's
// and the list's order. Only those are sorted: a pan with thousands in view
// stays cheap.
std::vector<std::uint32_t> inTimeOrder(const TimelineLanes& lanes, std::vector<std::uint32_t> bars,
                                       std::size_t count = SIZE_MAX) {
  const auto earlier = [&](std::uint32_t a, std::uint32_t b) {
    const TimelineBar& x = lanes.bars[a];
    const TimelineBar& y = lanes.bars[b];
    return x.begin != y.begin ? x.begin < y.begin : x.lane < y.lane;
  };
  count = std::min(count, bars.size());
  std::partial_sort(bars.begin(), bars.begin() + static_cast<std::ptrdiff_t>(count), bars.end(), earlier);
  bars.resize(count);
  return bars;
}

// The list the accessibility mirror shows, when what is in view changed.
void publishText(Frame& f, const std::vector<std::uint32_t>& visible) {
  const AppState& s = f.s;
  const TimelineLanes& lanes = s.lanes;
  // What the list is made of: the bars in view, the data, the zone, the selection.
  std::uint64_t hash = 1469598103934665603ull;
  for (const std::uint32_t i : visible) hash = (hash ^ i) * 1099511628211ull;
  const std::string signature = std::to_string(hash) + "|" + std::to_string(visible.size()) + "|" +
                                std::to_string(s.timeline ? s.timeline->batches.size() : 0) + "|" +
                                std::to_string(s.timeline ? s.timeline->pagesLoaded : 0) + "|" +
                                std::to_string(s.lanes.packedAt) + "|" + f.zoneLabel() + "|" + s.selectedBatchId;
  TimelineView& tv = f.v.timeline;
  if (signature == tv.textSignature) {
    tv.pendingSignature.clear();
    return;
  }
  // A moving view (a drag, the wheel, keys, pages arriving) is listed once it
  // has stayed put for kListSettleMs: a screen reader needs no list per frame,
  // and a pan keeps its frames free of rebuilding one. The first goes at once.
  if (!tv.textSignature.empty()) {
    if (signature != tv.pendingSignature) {
      tv.pendingSignature = signature;
      tv.pendingSinceMs = f.ctx.now;
    }
    const Millis still = f.ctx.now - tv.pendingSinceMs;
    if (still >= 0 && still < kListSettleMs) {
      f.redrawWithin(kListSettleMs - still);  // then the view as it is by then
      return;
    }
  }
  tv.pendingSignature.clear();
  f.v.timeline.textSignature = signature;
  TimelineText text;
  text.shown = true;
  text.selectedBatchId = s.selectedBatchId;
  const std::size_t total = s.timeline ? s.timeline->batches.size() : 0;
  text.caption = f.say("Timeline of batch tasks: {} of {} in view", formatCount(static_cast<std::int64_t>(visible.size())),
                       formatCount(static_cast<std::int64_t>(total)));
  if (visible.size() > kMaxListedBars)
    text.caption = f.say("{}; the first {} are listed, zoom in for the rest", text.caption, std::to_string(kMaxListedBars));
  const std::vector<std::uint32_t> ordered = inTimeOrder(lanes, visible, kMaxListedBars);
  for (const std::uint32_t i : ordered) {
    const BatchTask& t = s.timeline->batches[lanes.bars[i].batch];
    text.items.push_back(f.say("{}, {}, {} \u2013 {}", t.taskName.empty() ? t.batchId : t.taskName,
                               f.tr(t.status.empty() ? std::string("(none)") : t.status), beginText(f, t), endText(f, t)));
    text.batchIds.push_back(t.batchId);
    text.actions.push_back(
        f.say(t.batchId == s.selectedBatchId ? "Close the details of {}" : "Show the details of {}", t.batchId));
  }
  f.out.timelineText = std::move(text);
}

// Arrows pan, + and - zoom, Up and Down walk the bars in view, Enter opens
// one; the canvas owns these keys while focused, so ImGui's navigation does
// not take them.
void keyboard(Frame& f, ImGuiID id, const Geometry& g, const std::vector<std::uint32_t>& visible) {
  TimelineView& tv = f.v.timeline;
  static constexpr ImGuiKey kOwned[] = {ImGuiKey_LeftArrow, ImGuiKey_RightArrow, ImGuiKey_UpArrow, ImGuiKey_DownArrow,
                                        ImGuiKey_Equal,     ImGuiKey_Minus,      ImGuiKey_KeypadAdd, ImGuiKey_KeypadSubtract,
                                        ImGuiKey_Enter,     ImGuiKey_KeypadEnter, ImGuiKey_Space,   ImGuiKey_Home};
  for (const ImGuiKey key : kOwned) ImGui::SetKeyOwner(key, id);
  const ImGuiIO& io = ImGui::GetIO();
  if (io.KeyCtrl || io.KeyAlt || io.KeySuper) return;
  auto pressed = [&](ImGuiKey key) { return ImGui::IsKeyPressed(key, ImGuiInputFlags_Repeat, id); };
  const float width = g.max.x - g.min.x;
  if (pressed(ImGuiKey_LeftArrow) || pressed(ImGuiKey_RightArrow)) {
    const double direction = ImGui::IsKeyDown(ImGuiKey_LeftArrow) ? -1.0 : 1.0;
    tv.startSeconds += direction * kKeyPanFraction * static_cast<double>(width) * tv.secondsPerPixel;
    tv.followData = false;
  }
  if (pressed(ImGuiKey_Equal) || pressed(ImGuiKey_KeypadAdd)) zoomAround(tv, width * 0.5f, kKeyZoom);
  if (pressed(ImGuiKey_Minus) || pressed(ImGuiKey_KeypadSubtract)) zoomAround(tv, width * 0.5f, 1.0 / kKeyZoom);
  if (pressed(ImGuiKey_Home)) {
    tv.followData = true;
    tv.secondsPerPixel = 0;
  }
  const bool down = pressed(ImGuiKey_DownArrow), up = pressed(ImGuiKey_UpArrow);
  if ((down || up) && !visible.empty()) {
    const std::vector<std::uint32_t> ordered = inTimeOrder(f.s.lanes, visible);
    const auto& batches = f.s.timeline->batches;
    auto at = std::find_if(ordered.begin(), ordered.end(), [&](std::uint32_t i) {
      return batches[f.s.lanes.bars[i].batch].batchId == tv.cursorBatchId;
    });
    std::size_t next = 0;
    if (at == ordered.end()) next = down ? 0 : ordered.size() - 1;
    else {
      const auto here = static_cast<std::size_t>(at - ordered.begin());
      next = down ? std::min(here + 1, ordered.size() - 1) : (here == 0 ? 0 : here - 1);
    }
    tv.cursorBatchId = batches[f.s.lanes.bars[ordered[next]].batch].batchId;
  }
  if ((pressed(ImGuiKey_Enter) || pressed(ImGuiKey_KeypadEnter) || pressed(ImGuiKey_Space)) && !tv.cursorBatchId.empty())
    f.intent(act::SelectBatch{tv.cursorBatchId == f.s.selectedBatchId ? std::string() : tv.cursorBatchId});
}

}  // namespace

void leaveTimeline(Frame& f) {
  if (f.v.timeline.textSignature.empty()) return;
  f.v.timeline.textSignature.clear();
  f.out.timelineText = TimelineText{};
}

void drawTimeline(Frame& f, float height) {
  const AppState& s = f.s;
  TimelineView& tv = f.v.timeline;
  const float top = ImGui::GetCursorPosY();
  headerLine(f);
  const float used = ImGui::GetCursorPosY() - top;
  const ImVec2 size(std::max(100.0f, ImGui::GetContentRegionAvail().x), std::max(ImGui::GetFrameHeight() * 3, height - used));

  // Pressed: a click released over the canvas (the keys that would activate it are the canvas's own).
  const bool pressed = ImGui::InvisibleButton(f.label(kCanvasLabel, "timeline-canvas"), size,
                                             ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_EnableNav);
  const ImGuiID id = ImGui::GetItemID();
  const bool hovered = ImGui::IsItemHovered();
  const bool active = ImGui::IsItemActive();
  const bool focused = ImGui::IsItemFocused();
  ImGui::SetItemKeyOwner(ImGuiKey_MouseWheelY);  // the wheel zooms here, it does not scroll the widget

  Geometry g;
  g.min = ImGui::GetItemRectMin();
  g.max = ImGui::GetItemRectMax();
  g.axisHeight = ImGui::GetTextLineHeight() + 8;
  g.laneHeight = ImGui::GetTextLineHeight() + 10;
  const float width = g.max.x - g.min.x;
  const UnixSeconds nowSeconds = f.nowSeconds();
  const TimelineLanes& lanes = s.lanes;
  if (tv.followData || tv.secondsPerPixel <= 0) {
    const bool keepFollowing = tv.followData || tv.secondsPerPixel <= 0;
    fitToData(tv, lanes, nowSeconds, width);
    tv.followData = keepFollowing;
  }

  // The pointer: the wheel zooms around it, a drag pans time and lanes.
  const ImGuiIO& io = ImGui::GetIO();
  if (hovered && io.MouseWheel != 0.0f)
    zoomAround(tv, io.MousePos.x - g.min.x, std::pow(kWheelZoomPerNotch, static_cast<double>(io.MouseWheel)));
  if (active && (io.MouseDelta.x != 0.0f || io.MouseDelta.y != 0.0f) && ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
    tv.startSeconds -= static_cast<double>(io.MouseDelta.x) * tv.secondsPerPixel;
    tv.laneScroll -= io.MouseDelta.y;
    tv.followData = false;
  }
  if (active) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeAll);

  const float lanesHeight = size.y - g.axisHeight;
  const float maxScroll = std::max(0.0f, static_cast<float>(lanes.lanes.size()) * g.laneHeight - lanesHeight);
  tv.laneScroll = std::clamp(tv.laneScroll, 0.0f, maxScroll);
  g.start = tv.startSeconds;
  g.secondsPerPixel = tv.secondsPerPixel;
  g.lanesTop = g.min.y + g.axisHeight - tv.laneScroll;
  tv.canvasX = g.min.x, tv.canvasY = g.min.y, tv.canvasWidth = width, tv.canvasHeight = size.y;
  tv.lanesTop = g.lanesTop, tv.laneHeight = g.laneHeight;

  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(g.min, g.max, ImGui::GetColorU32(f.palette.surface), 4.0f);
  dl->PushClipRect(g.min, g.max, true);
  drawAxis(f, dl, g);
  dl->PushClipRect(ImVec2(g.min.x, g.min.y + g.axisHeight), g.max, true);

  // The lanes on screen, striped.
  const auto firstLane = static_cast<std::size_t>(std::max(0.0f, std::floor(tv.laneScroll / g.laneHeight)));
  const auto endLane = std::min(lanes.lanes.size(), static_cast<std::size_t>(std::ceil((tv.laneScroll + lanesHeight) / g.laneHeight)) + 1);
  for (std::size_t l = firstLane; l < endLane; ++l)
    if (l % 2 == 1) {
      const float y = g.lanesTop + static_cast<float>(l) * g.laneHeight;
      dl->AddRectFilled(ImVec2(g.min.x, y), ImVec2(g.max.x, y + g.laneHeight), ImGui::GetColorU32(f.palette.surfaceAlt));
    }
  // Now, as a line.
  const double now = static_cast<double>(f.ctx.now) / 1000.0;
  if (now >= g.start && now <= g.end())
    dl->AddLine(ImVec2(g.xOf(now), g.min.y + g.axisHeight), ImVec2(g.xOf(now), g.max.y), ImGui::GetColorU32(f.palette.accent), 1.0f);

  // The bars in the window. A window after now also takes the running bars
  // (they end at now), whose ETA may reach into it.
  const auto t0 = static_cast<UnixSeconds>(std::floor(g.start));
  const auto t1 = static_cast<UnixSeconds>(std::ceil(g.end()));
  std::vector<std::uint32_t> visible =
      s.timeline ? visibleBars(lanes, std::min(t0, nowSeconds), t1, nowSeconds, firstLane, endLane) : std::vector<std::uint32_t>{};
  // A text find leaves out the batches it does not match, as in the table.
  if (s.findKind == FindKind::Text) std::erase_if(visible, [&](std::uint32_t i) { return !passesFind(s, s.timeline->batches[lanes.bars[i].batch]); });
  BarHit hover;
  bool runningInView = false;
  std::uint32_t lastLane = UINT32_MAX;
  float lastRight = 0;  // where the previous bar of the lane ended: bars under a pixel after it are covered
  const ImVec2 mouse = io.MousePos;
  for (const std::uint32_t i : visible) {
    const TimelineBar& bar = lanes.bars[i];
    const BatchTask& t = s.timeline->batches[bar.batch];
    const float x0 = g.xOf(static_cast<double>(bar.begin));
    const float x1 = std::max(g.xOf(static_cast<double>(barEnd(bar, nowSeconds))), x0 + 2);
    if (bar.lane != lastLane) lastLane = bar.lane, lastRight = -1e9f;
    const bool cursor = !tv.cursorBatchId.empty() && t.batchId == tv.cursorBatchId;
    const bool covered = x1 <= lastRight + 1 && !cursor && !bar.running && t.batchId != s.selectedBatchId;
    if (!covered) drawBar(f, dl, g, bar, t, cursor, focused);
    lastRight = std::max(lastRight, x1);
    runningInView = runningInView || bar.running;
    const float y0 = g.lanesTop + static_cast<float>(bar.lane) * g.laneHeight;
    if (hovered && mouse.y >= y0 && mouse.y < y0 + g.laneHeight && mouse.x >= std::min(x0, x1 - 3) - 3 &&
        mouse.x <= std::max(x1, x0 + 3) + 3 && mouse.y >= g.min.y + g.axisHeight)
      hover = {i, true};
  }
  f.out.drewRows = f.out.drewRows || !visible.empty();
  if (lanes.bars.empty() && s.timeline && s.timeline->complete) {
    const char* empty = s.timeline->filters.hasFilters() ? f.text("No batch tasks match these filters.")
                                                         : f.text("There are no batch tasks yet. New batches appear here when they are created.");
    dl->AddText(ImVec2(g.min.x + 12, g.min.y + g.axisHeight + 12), ImGui::GetColorU32(f.palette.textMuted), empty);
    if (ImGui::GetCurrentContext()->LogEnabled) ImGui::LogText("%s", empty);
  }
  dl->PopClipRect();
  dl->PopClipRect();

  // Running bars grow with now: a frame when they have grown about a pixel.
  if (runningInView) f.redrawWithin(static_cast<Millis>(std::clamp(tv.secondsPerPixel * 1000.0, 1000.0, 60000.0)));

  if (hover.found && !active) barTooltip(f, lanes.bars[hover.bar], s.timeline->batches[lanes.bars[hover.bar].batch]);
  // A click (a press and release that did not drag) opens the bar under it.
  const float threshold = io.MouseDragThreshold;
  if (pressed && hover.found && io.MouseDragMaxDistanceSqr[ImGuiMouseButton_Left] < threshold * threshold) {
    const std::string& id0 = s.timeline->batches[lanes.bars[hover.bar].batch].batchId;
    tv.cursorBatchId = id0;
    if (!id0.empty()) f.intent(act::SelectBatch{id0 == s.selectedBatchId ? std::string() : id0});
  }
  if (focused) keyboard(f, id, g, visible);
  publishText(f, visible);
}

}  // namespace bt::view
