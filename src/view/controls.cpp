#include <imgui_internal.h>

#include <algorithm>

#include "model/time.hpp"
#include "view/controls.hpp"

namespace bt::view {

bool elidedText(const std::string& text, float width) {
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const float available = width > 0 ? width : ImGui::GetContentRegionAvail().x;
  const ImVec2 size = ImGui::CalcTextSize(text.c_str());
  const float height = ImGui::GetTextLineHeight();
  ImGui::Dummy(ImVec2(std::min(size.x, available), height));
  const bool cut = size.x > available;
  ImGui::RenderTextEllipsis(ImGui::GetWindowDrawList(), pos, ImVec2(pos.x + available, pos.y + height),
                            pos.x + available, text.c_str(), text.c_str() + text.size(), &size);
  if (cut && ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort)) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 36.0f);
    ImGui::TextUnformatted(text.c_str(), text.c_str() + text.size());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  return cut;
}

void statusBadge(const Frame& f, const std::string& status, float textWidth) {
  const StatusLook look = statusLook(status, f.palette);
  const float size = ImGui::GetTextLineHeight() * 0.85f;
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  drawStatusIcon(ImGui::GetWindowDrawList(), ImVec2(pos.x + size * 0.5f, pos.y + ImGui::GetTextLineHeight() * 0.5f),
                 size, look.icon, ImGui::GetColorU32(look.color));
  ImGui::Dummy(ImVec2(size, ImGui::GetTextLineHeight()));
  ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
  ImGui::PushStyleColor(ImGuiCol_Text, look.color);
  // Known statuses in the person's language; unknown ones as they came.
  elidedText(status.empty() ? f.tr("(none)") : f.tr(status), textWidth);
  ImGui::PopStyleColor();
}

std::string etaText(const Frame& f, const Eta& eta) {
  return f.say("ends about {} ({}\u2013{})", f.clockTime(eta.atMs), f.clockTime(eta.earliestMs), f.clockTime(eta.latestMs));
}

void progressBar(const Frame& f, const BatchTask& t, float width, const std::optional<Eta>& eta) {
  const std::int64_t total = t.displayTotal();
  const std::int64_t done = t.displaySuccess();
  const bool ended = t.ended();
  const std::int64_t failed = ended ? total - done : 0;
  char label[64];
  std::snprintf(label, sizeof label, "%lld/%lld", static_cast<long long>(done), static_cast<long long>(total));
  const float labelWidth = ImGui::CalcTextSize("0000/0000").x;
  const float barWidth = std::max(20.0f, width - labelWidth - ImGui::GetStyle().ItemInnerSpacing.x);
  const float h = ImGui::GetTextLineHeight() * 0.45f;
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const float y = pos.y + (ImGui::GetTextLineHeight() - h) * 0.5f;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float rounding = h * 0.5f;
  dl->AddRectFilled(ImVec2(pos.x, y), ImVec2(pos.x + barWidth, y + h), ImGui::GetColorU32(f.palette.track), rounding);
  if (total > 0) {
    const float doneW = barWidth * static_cast<float>(done) / static_cast<float>(total);
    const float failW = barWidth * static_cast<float>(failed) / static_cast<float>(total);
    if (doneW > 0)
      dl->AddRectFilled(ImVec2(pos.x, y), ImVec2(pos.x + doneW, y + h), ImGui::GetColorU32(f.palette.success), rounding);
    if (failW > 0)
      dl->AddRectFilled(ImVec2(pos.x + barWidth - failW, y), ImVec2(pos.x + barWidth, y + h),
                        ImGui::GetColorU32(f.palette.failure), rounding);
  }
  ImGui::Dummy(ImVec2(barWidth, ImGui::GetTextLineHeight()));
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(f.say("{} succeeded", std::to_string(done)).c_str());
    if (ended) ImGui::TextUnformatted(f.say("{} did not succeed", std::to_string(failed)).c_str());
    else ImGui::TextUnformatted(f.say("{} to go", std::to_string(total - done)).c_str());
    if (eta && !ended) ImGui::TextUnformatted(etaText(f, *eta).c_str());
    if (t.countsInconsistent())
      ImGui::TextColored(f.palette.danger, "%s", f.say("The API reported SuccessCount {} of TotalCount {}.",
                                                       std::to_string(t.successCount), std::to_string(t.totalCount)).c_str());
    ImGui::EndTooltip();
  }
  ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
  ImGui::TextUnformatted(label);
}

std::string batchDuration(const Frame& f, const BatchTask& t) {
  if (!t.taskBegin.at) return "\u2014";
  if (t.finished()) {
    if (!t.taskEnd.at || t.endsBeforeBegin()) return "\u2014";
    return f.format(formatDuration(*t.taskEnd.at - *t.taskBegin.at));
  }
  // Running: whole minutes, so an idle page redraws once a minute, not every second.
  const std::int64_t seconds = f.nowSeconds() - *t.taskBegin.at;
  if (seconds < 60) return f.text("< 1m");
  if (seconds < 3600) return f.say("{}m", std::to_string(seconds / 60));
  return f.format(formatDuration(seconds));
}

void flowNext(float width, float spacing) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float gap = spacing < 0 ? style.ItemSpacing.x : spacing;
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowWidth() - style.WindowPadding.x;
  if (ImGui::GetItemRectMax().x + gap + width <= right) ImGui::SameLine(0, gap);
}

float buttonWidth(const char* label) {
  const char* end = ImGui::FindRenderedTextEnd(label);
  return ImGui::CalcTextSize(label, end).x + ImGui::GetStyle().FramePadding.x * 2;
}

void labelLastItem(const char* label, int extraStatusFlags) {
  ImGuiContext& g = *GImGui;
  IMGUI_TEST_ENGINE_ITEM_INFO(g.LastItemData.ID, label, g.LastItemData.StatusFlags | extraStatusFlags);
  (void)label;
  (void)extraStatusFlags;
}

bool labelledCombo(const char* id, const char* preview, const char* name) {
  const ImGuiID comboId = ImGui::GetID(id);
  const bool open = ImGui::BeginCombo(id, preview);
  ImGuiContext& g = *GImGui;
  IMGUI_TEST_ENGINE_ITEM_INFO(comboId, name, comboFlags(open));
  (void)g;
  (void)name;
  return open;
}

int textFieldFlags() { return ImGuiItemStatusFlags_Inputable; }
int toggleFlags(bool on) { return ImGuiItemStatusFlags_Checkable | (on ? ImGuiItemStatusFlags_Checked : 0); }
int comboFlags(bool open) { return ImGuiItemStatusFlags_Openable | (open ? ImGuiItemStatusFlags_Opened : 0); }

void labelledHeadersRow() {
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  const int columns = ImGui::TableGetColumnCount();
  for (int c = 0; c < columns; ++c) {
    if (!ImGui::TableSetColumnIndex(c)) continue;
    const char* name = ImGui::TableGetColumnName(c);
    ImGui::PushID(c);
    ImGui::TableHeader(name);
    labelLastItem(name);
    ImGui::PopID();
  }
}

bool chip(const char* label, bool active, const Palette& p) {
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, 999.0f);
  ImGui::PushStyleColor(ImGuiCol_Button, active ? p.accentSoft : p.surface);
  ImGui::PushStyleColor(ImGuiCol_Border, active ? p.accent : p.border);
  const bool clicked = ImGui::Button(label);
  ImGui::PopStyleColor(2);
  ImGui::PopStyleVar();
  return clicked;
}

float tagWidth(const char* text) { return ImGui::CalcTextSize(text).x + ImGui::GetStyle().ItemInnerSpacing.x * 2; }

void tag(const char* text, const ImVec4& colour, const char* tooltip) {
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const float width = tagWidth(text);
  const float height = ImGui::GetTextLineHeight();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRect(pos, ImVec2(pos.x + width, pos.y + height), ImGui::GetColorU32(colour), height * 0.3f);
  dl->AddText(ImVec2(pos.x + ImGui::GetStyle().ItemInnerSpacing.x, pos.y), ImGui::GetColorU32(colour), text);
  ImGui::Dummy(ImVec2(width, height));
  if (ImGui::GetCurrentContext()->LogEnabled) ImGui::LogText(" %s", text);  // as text drawn, for logs and tests
  if (tooltip && ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort)) ImGui::SetTooltip("%s", tooltip);
}

void drawBell(ImDrawList* dl, ImVec2 c, float size, ImU32 colour) {
  const float r = size * 0.5f;
  const float t = std::max(1.2f, size * 0.1f);
  // The dome, its sides, the rim and the clapper.
  dl->PathArcTo(ImVec2(c.x, c.y - r * 0.15f), r * 0.5f, IM_PI, 2 * IM_PI);
  dl->PathLineTo(ImVec2(c.x + r * 0.5f, c.y + r * 0.35f));
  dl->PathLineTo(ImVec2(c.x + r * 0.75f, c.y + r * 0.55f));
  dl->PathLineTo(ImVec2(c.x - r * 0.75f, c.y + r * 0.55f));
  dl->PathLineTo(ImVec2(c.x - r * 0.5f, c.y + r * 0.35f));
  dl->PathStroke(colour, ImDrawFlags_Closed, t);
  dl->AddCircleFilled(ImVec2(c.x, c.y + r * 0.75f), r * 0.16f, colour);
  dl->AddLine(ImVec2(c.x, c.y - r * 0.65f), ImVec2(c.x, c.y - r * 0.85f), colour, t);
}

}  // namespace bt::view
