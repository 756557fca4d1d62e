// The table of batches: one page, sortable within the page, columns that can
// be hidden, resized and reordered (remembered with ImGui's settings), rows
// clipped to what is visible. Rows the latest refresh changed are highlighted
// briefly (tagged instead when the person asks for less motion), new ones are
// tagged "new", stalled ones say in amber for how long nothing moved; the table
// can show only the stalled ones.
#include <imgui_internal.h>

#include <algorithm>
#include <map>
#include <numeric>

#include "model/export.hpp"
#include "model/paging.hpp"
#include "model/time.hpp"
#include "view/controls.hpp"
#include "view/panels.hpp"

namespace bt::view {
namespace {

// A row the latest refresh changed is highlighted, fading over this long.
constexpr Millis kChangeFadeMs = 2000;

// What the latest refresh and the watch say about the rows on screen.
struct RowMarks {
  std::map<std::string, RowChange, std::less<>> changes;  // by BatchId
  std::map<std::string, Millis, std::less<>> stalled;     // by BatchId: for how long
};

RowMarks rowMarks(const AppState& s) {
  RowMarks m;
  for (const RowChange& c : s.changes) m.changes.emplace(c.batchId, c);
  for (const std::string& id : stalledBatches(s))
    if (const auto o = s.observations.find(id); o != s.observations.end())
      if (const std::optional<Millis> still = stalledFor(o->second, s.stallMs)) m.stalled.emplace(id, *still);
  return m;
}

// The mark a row carries until the next refresh: "new", or, when nothing
// fades (reduced motion), "changed"; nullptr for none.
const char* markOf(const Frame& f, const RowChange* change) {
  if (!change) return nullptr;
  if (change->added) return "new";
  if ((change->status || change->successCount) && f.ctx.reducedMotion) return "changed";
  return nullptr;
}

// What screen readers are told of a row's change: the same for both kinds of motion.
const char* spokenMarkOf(const RowChange* change) {
  if (!change) return nullptr;
  if (change->added) return "new";
  if (change->status || change->successCount) return "changed";
  return nullptr;
}

std::string noProgressText(const Frame& f, Millis stalledMs) {
  return f.format(Message{MessageId::NoProgressFor, {formatDuration(stalledMs / 1000)}});
}

enum Column { ColBatchId, ColName, ColType, ColStatus, ColProgress, ColBegin, ColEnd, ColDuration, ColumnCount };

std::int64_t durationSeconds(const BatchTask& t, UnixSeconds now) {
  if (!t.taskBegin.at) return -1;
  if (t.finished()) return t.taskEnd.at && !t.endsBeforeBegin() ? *t.taskEnd.at - *t.taskBegin.at : -1;
  return now - *t.taskBegin.at;
}

// Compares two rows by a column; ties keep the API's order (stable sort).
bool lessBy(int column, const BatchTask& a, const BatchTask& b, UnixSeconds now) {
  auto time = [](const ApiTime& t) { return t.at.value_or(INT64_MIN); };
  switch (column) {
    case ColBatchId: return a.batchId < b.batchId;
    case ColName: return a.taskName < b.taskName;
    case ColType: return a.taskType < b.taskType;
    case ColStatus: return a.status < b.status;
    case ColProgress: {
      const double pa = a.displayTotal() ? static_cast<double>(a.displaySuccess()) / static_cast<double>(a.displayTotal()) : 0;
      const double pb = b.displayTotal() ? static_cast<double>(b.displaySuccess()) / static_cast<double>(b.displayTotal()) : 0;
      return pa < pb;
    }
    case ColBegin: return time(a.taskBegin) < time(b.taskBegin);
    case ColEnd: return time(a.taskEnd) < time(b.taskEnd);
    case ColDuration: return durationSeconds(a, now) < durationSeconds(b, now);
    default: return false;
  }
}

void updateRowOrder(Frame& f) {
  ViewState& v = f.v;
  const auto& tasks = f.s.page->tasks;
  if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
    v.sortColumn = specs->SpecsCount > 0 ? specs->Specs[0].ColumnIndex : -1;
    v.sortDescending = specs->SpecsCount > 0 && specs->Specs[0].SortDirection == ImGuiSortDirection_Descending;
    specs->SpecsDirty = false;
    v.rowOrderPageTime = -1;
  }
  if (v.rowOrderPageTime == f.s.pageUpdatedMs && v.rowOrder.size() == tasks.size()) return;
  v.rowOrder.resize(tasks.size());
  std::iota(v.rowOrder.begin(), v.rowOrder.end(), 0);
  if (v.sortColumn >= 0) {
    const UnixSeconds now = f.nowSeconds();
    std::stable_sort(v.rowOrder.begin(), v.rowOrder.end(), [&](int a, int b) {
      const BatchTask& ta = tasks[static_cast<std::size_t>(a)];
      const BatchTask& tb = tasks[static_cast<std::size_t>(b)];
      return v.sortDescending ? lessBy(v.sortColumn, tb, ta, now) : lessBy(v.sortColumn, ta, tb, now);
    });
  }
  v.rowOrderPageTime = f.s.pageUpdatedMs;
}

void timeCell(Frame& f, const ApiTime& t, bool isEnd, const BatchTask& row) {
  if (t.empty()) {
    ImGui::TextDisabled("%s", isEnd ? f.text("running") : "\u2014");
    return;
  }
  const std::string shown = f.displayTime(t);
  if (!t.at) {
    ImGui::PushStyleColor(ImGuiCol_Text, f.palette.danger);
    elidedText(shown);
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", f.say("The API sent a time the widget cannot read: {}", t.raw).c_str());
    return;
  }
  if (isEnd && row.endsBeforeBegin()) ImGui::PushStyleColor(ImGuiCol_Text, f.palette.danger);
  const bool cut = elidedText(shown);
  if (isEnd && row.endsBeforeBegin()) ImGui::PopStyleColor();
  if (!cut && ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort)) {
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(f.format(formatAge(f.nowSeconds() - *t.at)).c_str());
    ImGui::TextDisabled("%s UTC", formatDisplayTime(*t.at).c_str());
    if (isEnd && row.endsBeforeBegin()) ImGui::TextColored(f.palette.danger, "%s", f.text("TaskEnd is before TaskBegin."));
    ImGui::EndTooltip();
  }
}

void rowContextMenu(Frame& f, const BatchTask& t) {
  if (!ImGui::BeginPopupContextItem("row-menu")) return;
  if (ImGui::MenuItem(f.label("Copy BatchId", "copy-batch-id"))) f.copy(t.batchId, f.say("Copied {}", t.batchId));
  if (ImGui::MenuItem(f.label("Copy row", "copy-row"))) f.copy(rowAsText(t), f.say("Copied the row of {}", t.batchId));
  if (ImGui::MenuItem(f.label("Show details", "show-details"), nullptr, false, t.batchId != f.s.selectedBatchId))
    f.intent(act::SelectBatch{t.batchId});
  ImGui::EndPopup();
}

// Highlights a row the latest refresh changed, fading out; asks for the frames the fade needs.
void highlightChange(Frame& f, const RowChange* change) {
  if (!change || f.ctx.reducedMotion) return;
  const Millis elapsed = f.ctx.now - f.s.changesAtMs;
  if (elapsed < 0 || elapsed >= kChangeFadeMs) return;
  const float alpha = 1.0f - static_cast<float>(elapsed) / static_cast<float>(kChangeFadeMs);
  const ImVec4 c = f.palette.changed;
  ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(ImVec4(c.x, c.y, c.z, alpha)));
  f.redrawWithin(33);
}

void statusCell(Frame& f, const BatchTask& t, const std::optional<Millis>& stalled) {
  if (!stalled) {
    statusBadge(f, t.status);
    return;
  }
  // The status, then the amber mark and how long nothing moved.
  const float available = ImGui::GetContentRegionAvail().x;
  const float statusWidth = std::min(ImGui::CalcTextSize(f.tr(t.status).c_str()).x, available * 0.45f);
  statusBadge(f, t.status, statusWidth);
  ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x * 2);
  ImGui::BeginGroup();
  const float size = ImGui::GetTextLineHeight() * 0.85f;
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  drawStatusIcon(ImGui::GetWindowDrawList(), ImVec2(pos.x + size * 0.5f, pos.y + ImGui::GetTextLineHeight() * 0.5f), size,
                 StatusIcon::Pause, ImGui::GetColorU32(f.palette.warning));
  ImGui::Dummy(ImVec2(size, ImGui::GetTextLineHeight()));
  ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
  ImGui::PushStyleColor(ImGuiCol_Text, f.palette.warning);
  const std::string text = noProgressText(f, *stalled);
  const bool cut = elidedText(text);
  ImGui::PopStyleColor();
  ImGui::EndGroup();
  if (!cut && ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort))
    ImGui::SetTooltip("%s", f.say("SuccessCount has not changed for {} (the stall time is {}).",
                                  f.format(formatDuration(*stalled / 1000)),
                                  f.format(formatDuration(f.s.stallMs / 1000))).c_str());
}

void drawRow(Frame& f, const BatchTask& t, int index, const RowMarks& marks) {
  ImGui::TableNextRow();
  ImGui::PushID(index);
  const auto changeIt = marks.changes.find(t.batchId);
  const RowChange* change = changeIt == marks.changes.end() ? nullptr : &changeIt->second;
  const auto stalledIt = marks.stalled.find(t.batchId);
  const std::optional<Millis> stalled =
      stalledIt == marks.stalled.end() ? std::nullopt : std::optional<Millis>(stalledIt->second);
  highlightChange(f, change);
  const bool selected = !t.batchId.empty() && t.batchId == f.s.selectedBatchId;
  if (ImGui::TableSetColumnIndex(ColBatchId)) {
    // The selectable spans the row: click opens the details, right-click the
    // menu (copy the BatchId or the row). Nothing overlaps it, so a click is
    // taken at once, even when it comes with no hover before it (a tap, or a
    // control activated from the accessibility mirror).
    const ImVec2 start = ImGui::GetCursorPos();
    // Labelled with the BatchId (hidden: the cell draws it), so the row can be found by it.
    const std::string rowLabel = "##" + t.batchId;
    if (ImGui::Selectable(rowLabel.c_str(), selected, ImGuiSelectableFlags_SpanAllColumns,
                          ImVec2(0, ImGui::GetTextLineHeight())))
      f.intent(act::SelectBatch{selected ? "" : t.batchId});
    rowContextMenu(f, t);
    ImGui::SetCursorPos(start);
    const std::string id = t.batchId.empty() ? f.tr("(no BatchId)") : t.batchId;
    if (const char* mark = markOf(f, change)) {
      const char* shown = f.text(mark);
      const float gap = ImGui::GetStyle().ItemInnerSpacing.x;
      elidedText(id, std::max(1.0f, ImGui::GetContentRegionAvail().x - tagWidth(shown) - gap));
      ImGui::SameLine(0, gap);
      tag(shown, f.palette.accent,
          f.text(change->added ? "New since the previous refresh" : "Status or SuccessCount changed in the latest refresh"));
    } else {
      elidedText(id);
    }
  }
  if (ImGui::TableSetColumnIndex(ColName)) elidedText(t.taskName);
  if (ImGui::TableSetColumnIndex(ColType)) elidedText(t.taskType);
  if (ImGui::TableSetColumnIndex(ColStatus)) statusCell(f, t, stalled);
  if (ImGui::TableSetColumnIndex(ColProgress)) progressBar(f, t, ImGui::GetContentRegionAvail().x, etaFor(f.s, t));
  if (ImGui::TableSetColumnIndex(ColBegin)) timeCell(f, t.taskBegin, false, t);
  if (ImGui::TableSetColumnIndex(ColEnd)) timeCell(f, t.taskEnd, true, t);
  if (ImGui::TableSetColumnIndex(ColDuration)) {
    ImGui::TextUnformatted(batchDuration(f, t).c_str());
    if (!t.finished() && t.taskBegin.at) f.redrawWithin(60'000 - f.ctx.now % 60'000);
  }
  ImGui::PopID();
}

void skeletonRows(Frame& f, int count) {
  // Placeholders while the first page loads: the table's shape, no data.
  const ImU32 colour = ImGui::GetColorU32(f.palette.track);
  for (int i = 0; i < count; ++i) {
    ImGui::TableNextRow();
    for (int c = 0; c < ColumnCount; ++c) {
      if (!ImGui::TableSetColumnIndex(c)) continue;
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const float w = ImGui::GetContentRegionAvail().x * (0.45f + 0.1f * static_cast<float>((i + c) % 5));
      const float h = ImGui::GetTextLineHeight();
      ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + h * 0.25f), ImVec2(p.x + w, p.y + h * 0.75f),
                                                colour, h * 0.25f);
      ImGui::Dummy(ImVec2(w, h));
    }
  }
}

// The visible columns in display order, with the text each row shows in them.
void publishTableText(Frame& f, const std::vector<int>& shownRows, const RowMarks& marks) {
  const AppState& s = f.s;
  ImGuiTable* table = ImGui::GetCurrentTable();
  std::vector<int> columns;
  for (int order = 0; order < ColumnCount; ++order)
    for (int c = 0; c < ColumnCount; ++c)
      if (table->Columns[c].DisplayOrder == order && (ImGui::TableGetColumnFlags(c) & ImGuiTableColumnFlags_IsEnabled))
        columns.push_back(c);
  std::string signature = std::to_string(s.pageUpdatedMs) + "|" + std::to_string(f.v.sortColumn) +
                          (f.v.sortDescending ? "d" : "a") + "|" + f.zoneLabel() + "|" + s.selectedBatchId + "|" +
                          std::to_string(f.ctx.now / 60'000) + "|" + std::to_string(s.page ? s.page->tasks.size() : 0) +
                          "|" + std::to_string(s.changesAtMs) + "|" + (s.stalledOnly ? "s" : "-") + "|" +
                          (s.findKind == FindKind::Text ? s.findText : "");
  for (const auto& [id, still] : marks.stalled) signature += "|" + id + "=" + std::to_string(still / 1000);
  for (int c : columns) signature += "," + std::to_string(c);
  if (signature == f.v.tableTextSignature) return;
  f.v.tableTextSignature = signature;
  TableText text;
  text.selectedBatchId = s.selectedBatchId;
  text.actionsHeader = f.tr("Details");
  text.caption = f.say("Batch tasks, page {} of {}, {} in all", std::to_string(s.pageQuery.pageNumber),
                       std::to_string(std::max(knownTotalPages(s), 1LL)), formatCount(knownTotal(s)));
  for (int c : columns) {
    std::string name = ImGui::TableGetColumnName(c);
    text.headers.push_back(name.substr(0, name.find("##")));
  }
  if (s.page) {
    for (int index : shownRows) {
      const BatchTask& t = s.page->tasks[static_cast<std::size_t>(index)];
      const auto change = marks.changes.find(t.batchId);
      const auto stalled = marks.stalled.find(t.batchId);
      // The status, and what the marks and highlights show.
      std::string status = f.tr(t.status);
      if (stalled != marks.stalled.end()) status = f.say("{}, {}", status, noProgressText(f, stalled->second));
      if (const char* mark = spokenMarkOf(change == marks.changes.end() ? nullptr : &change->second))
        status = f.say("{}, {}", status, f.tr(mark));
      std::vector<std::string> cells;
      for (int c : columns) {
        switch (c) {
          case ColBatchId: cells.push_back(t.batchId); break;
          case ColName: cells.push_back(t.taskName); break;
          case ColType: cells.push_back(t.taskType); break;
          case ColStatus: cells.push_back(status); break;
          case ColProgress: {
            std::string progress = f.say("{} of {} succeeded", std::to_string(t.displaySuccess()), std::to_string(t.displayTotal()));
            if (const std::optional<Eta> eta = etaFor(s, t); eta && !t.ended()) progress = f.say("{}, {}", progress, etaText(f, *eta));
            cells.push_back(std::move(progress));
            break;
          }
          case ColBegin: cells.push_back(t.taskBegin.empty() ? "" : f.displayTime(t.taskBegin)); break;
          case ColEnd: cells.push_back(t.taskEnd.empty() ? f.tr("running") : f.displayTime(t.taskEnd)); break;
          case ColDuration: cells.push_back(batchDuration(f, t)); break;
          default: cells.emplace_back();
        }
      }
      text.rows.push_back(std::move(cells));
      text.batchIds.push_back(t.batchId);
      text.actions.push_back(f.say(t.batchId == s.selectedBatchId ? "Close the details of {}" : "Show the details of {}",
                                   t.batchId));
    }
  }
  f.out.tableText = std::move(text);
}

}  // namespace

void drawStalledOnlyLine(Frame& f) {
  const AppState& s = f.s;
  if (!s.stalledOnly) return;
  const std::size_t stalled = stalledBatches(s).size();
  const std::size_t rows = s.page ? s.page->tasks.size() : 0;
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(f.palette.warning, "%s",
                     f.say("Showing only the stalled batches on this page ({} of {}).", std::to_string(stalled),
                           std::to_string(rows)).c_str());
  ImGui::SameLine();
  if (ImGui::SmallButton(f.label("Show every row", "show-every-row"))) f.intent(act::SetStalledOnly{false});
}

void drawTable(Frame& f, float height) {
  const AppState& s = f.s;
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_BordersOuterH |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX | ImGuiTableFlags_Resizable |
                                ImGuiTableFlags_Reorderable | ImGuiTableFlags_Hideable | ImGuiTableFlags_Sortable |
                                ImGuiTableFlags_SortTristate | ImGuiTableFlags_SizingStretchProp;
  const bool stale = rowsAreStale(s);
  if (stale) ImGui::PushStyleVar(ImGuiStyleVar_Alpha, 0.6f);
  if (!ImGui::BeginTable("tasks", ColumnCount, flags, ImVec2(0, height))) {
    if (stale) ImGui::PopStyleVar();
    return;
  }
  // Header labels translate; their IDs ("###…") stay, so saved layouts still apply.
  const std::string zone = f.tr(f.zoneLabel());
  const std::string beginLabel = f.say("Begin ({})", zone) + "###begin";
  const std::string endLabel = f.say("End ({})", zone) + "###end";
  ImGui::TableSetupScrollFreeze(1, 1);
  ImGui::TableSetupColumn(f.label("BatchId", "batch-id"), ImGuiTableColumnFlags_NoHide | ImGuiTableColumnFlags_WidthStretch, 1.5f);
  ImGui::TableSetupColumn(f.label("Name", "name"), ImGuiTableColumnFlags_WidthStretch, 2.2f);
  ImGui::TableSetupColumn(f.label("Type", "type"), ImGuiTableColumnFlags_WidthStretch, 1.8f);
  ImGui::TableSetupColumn(f.label("Status", "status"), ImGuiTableColumnFlags_WidthStretch, 1.1f);
  ImGui::TableSetupColumn(f.label("Progress", "progress"), ImGuiTableColumnFlags_WidthStretch, 1.4f);
  ImGui::TableSetupColumn(beginLabel.c_str(), ImGuiTableColumnFlags_WidthStretch, 1.35f);
  ImGui::TableSetupColumn(endLabel.c_str(), ImGuiTableColumnFlags_WidthStretch, 1.35f);
  ImGui::TableSetupColumn(f.label("Duration", "duration"), ImGuiTableColumnFlags_WidthStretch, 0.8f);
  labelledHeadersRow();

  const RowMarks marks = rowMarks(s);
  std::vector<int> shownRows;  // in display order: every row, or only the stalled ones
  if (s.page && !s.page->tasks.empty()) {
    updateRowOrder(f);
    const auto& tasks = s.page->tasks;
    for (int index : f.v.rowOrder)
      if ((!s.stalledOnly || marks.stalled.count(tasks[static_cast<std::size_t>(index)].batchId)) &&
          passesFind(s, tasks[static_cast<std::size_t>(index)]))
        shownRows.push_back(index);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(shownRows.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const int index = shownRows[static_cast<std::size_t>(i)];
        drawRow(f, tasks[static_cast<std::size_t>(index)], index, marks);
        f.out.drewRows = true;
      }
    }
  } else if (!s.page && s.list.busy()) {
    skeletonRows(f, 8);
  }
  if (s.page) {
    if (s.page->tasks.empty()) f.v.rowOrder.clear();
    publishTableText(f, shownRows, marks);
  }
  ImGui::EndTable();
  if (stale) ImGui::PopStyleVar();
}

}  // namespace bt::view
