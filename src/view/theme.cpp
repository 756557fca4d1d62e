#include "view/theme.hpp"

#include <cmath>
#include <optional>

#include "model/task_query.hpp"

namespace bt {
namespace {

constexpr ImVec4 rgb(unsigned hex, float alpha = 1.0f) {
  return ImVec4(static_cast<float>((hex >> 16) & 0xFF) / 255.0f, static_cast<float>((hex >> 8) & 0xFF) / 255.0f,
                static_cast<float>(hex & 0xFF) / 255.0f, alpha);
}

// Status colours are chosen for text contrast of at least 4.5:1 (WCAG AA) on
// both row colours of their palette; tests/ui checks it.
struct StatusColours {
  ImVec4 completed, failed, running, dispatching, waiting, attention, unknown;
};

const StatusColours& statusColours(bool dark) {
  static const StatusColours light{rgb(0x1A7F37), rgb(0xC0262D), rgb(0x0B5CD5), rgb(0x6F42C1),
                                   rgb(0x57606A), rgb(0x8A5A00), rgb(0x57606A)};
  static const StatusColours darkColours{rgb(0x4AC26B), rgb(0xFF7B72), rgb(0x58A6FF), rgb(0xBC8CFF),
                                         rgb(0x9DA5AE), rgb(0xD9A53A), rgb(0x9DA5AE)};
  return dark ? darkColours : light;
}

const Palette* current = nullptr;

float linear(float c) { return c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f); }
float luminance(const ImVec4& c) { return 0.2126f * linear(c.x) + 0.7152f * linear(c.y) + 0.0722f * linear(c.z); }

}  // namespace

const Palette& lightPalette() {
  static const Palette p{false,           rgb(0xF6F7F9), rgb(0xFFFFFF), rgb(0xF3F5F8), rgb(0xD8DEE4),
                         rgb(0x1F2328),   rgb(0x59636E), rgb(0x0B5CD5), rgb(0xDDEBFF), rgb(0xB42318),
                         rgb(0xFDECEA),   rgb(0xFFF4D6), rgb(0x2DA44E), rgb(0xCF222E), rgb(0xE4E8ED),
                         rgb(0x8A5A00),   rgb(0xFFF4C7)};
  return p;
}

const Palette& darkPalette() {
  static const Palette p{true,            rgb(0x16171A), rgb(0x1E1F23), rgb(0x24262B), rgb(0x3A3D44),
                         rgb(0xE6EDF3),   rgb(0x9DA5AE), rgb(0x4493F8), rgb(0x1F3A5F), rgb(0xFF8A80),
                         rgb(0x3D1F1F),   rgb(0x3A3020), rgb(0x3FB950), rgb(0xF85149), rgb(0x33363D),
                         rgb(0xD9A53A),   rgb(0x342A0E)};
  return p;
}

const Palette& currentPalette() { return current ? *current : lightPalette(); }

const Palette& palette(bool dark, bool moreContrast) {
  auto stronger = [](Palette p) {
    p.textMuted = p.text;
    p.border = p.dark ? rgb(0x8B949E) : rgb(0x57606A);
    p.track = p.dark ? rgb(0x57606A) : rgb(0xAFB8C1);
    return p;
  };
  static const Palette lightMore = stronger(lightPalette());
  static const Palette darkMore = stronger(darkPalette());
  if (moreContrast) return dark ? darkMore : lightMore;
  return dark ? darkPalette() : lightPalette();
}

void applyTheme(ImGuiStyle& style, bool dark, bool moreContrast) {
  const Palette& p = palette(dark, moreContrast);
  current = &p;
  if (dark)
    ImGui::StyleColorsDark(&style);
  else
    ImGui::StyleColorsLight(&style);
  style.WindowPadding = ImVec2(14, 12);
  style.FramePadding = ImVec2(9, 5);
  style.ItemSpacing = ImVec2(8, 8);
  style.ItemInnerSpacing = ImVec2(6, 4);
  style.CellPadding = ImVec2(8, 6);
  style.FrameRounding = 5;
  style.PopupRounding = 6;
  style.ChildRounding = 6;
  style.GrabRounding = 4;
  style.WindowRounding = 0;
  style.ScrollbarRounding = 6;
  style.ScrollbarSize = 12;
  style.WindowBorderSize = 0;
  style.FrameBorderSize = 1;
  style.PopupBorderSize = 1;
  style.ChildBorderSize = 1;

  ImVec4* c = style.Colors;
  c[ImGuiCol_Text] = p.text;
  c[ImGuiCol_TextDisabled] = p.textMuted;
  c[ImGuiCol_WindowBg] = p.background;
  c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_PopupBg] = p.surface;
  c[ImGuiCol_Border] = p.border;
  c[ImGuiCol_FrameBg] = p.surface;
  c[ImGuiCol_FrameBgHovered] = p.surfaceAlt;
  c[ImGuiCol_FrameBgActive] = p.accentSoft;
  c[ImGuiCol_Button] = p.surface;
  c[ImGuiCol_ButtonHovered] = p.accentSoft;
  c[ImGuiCol_ButtonActive] = p.accentSoft;
  c[ImGuiCol_Header] = p.accentSoft;
  c[ImGuiCol_HeaderHovered] = ImVec4(p.accentSoft.x, p.accentSoft.y, p.accentSoft.z, 0.75f);
  c[ImGuiCol_HeaderActive] = p.accentSoft;
  c[ImGuiCol_CheckMark] = p.accent;
  c[ImGuiCol_TextLink] = p.accent;
  c[ImGuiCol_SliderGrab] = p.accent;
  c[ImGuiCol_TableHeaderBg] = p.surfaceAlt;
  c[ImGuiCol_TableBorderStrong] = p.border;
  c[ImGuiCol_TableBorderLight] = p.border;
  c[ImGuiCol_TableRowBg] = p.surface;
  c[ImGuiCol_TableRowBgAlt] = p.surfaceAlt;
  c[ImGuiCol_NavCursor] = p.accent;
  c[ImGuiCol_TextSelectedBg] = ImVec4(p.accent.x, p.accent.y, p.accent.z, 0.35f);
  c[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, dark ? 0.5f : 0.25f);
}

StatusLook statusLook(std::string_view status, const Palette& palette) {
  const StatusColours& c = statusColours(palette.dark);
  if (const std::optional<TaskStatus> known = statusFromName(status)) {
    switch (*known) {
      case TaskStatus::Completed: return {c.completed, StatusIcon::Check};
      case TaskStatus::Failed: return {c.failed, StatusIcon::Cross};
      case TaskStatus::Running: return {c.running, StatusIcon::Play};
      case TaskStatus::Dispatching: return {c.dispatching, StatusIcon::Hourglass};
    }
  }
  // Statuses the API reports (subtasks mostly) but does not filter on.
  if (status == "WAITING") return {c.waiting, StatusIcon::Hourglass};
  if (status == "PAUSE" || status == "TEMP_TERMINATED") return {c.attention, StatusIcon::Pause};
  if (status == "HUMAN_PROCESSING") return {c.attention, StatusIcon::Person};
  if (status == "BLOCKING") return {c.attention, StatusIcon::Block};
  return {c.unknown, StatusIcon::Dot};
}

void drawStatusIcon(ImDrawList* dl, ImVec2 c, float size, StatusIcon icon, ImU32 color) {
  const float r = size * 0.5f;
  const float t = std::max(1.5f, size * 0.13f);
  switch (icon) {
    case StatusIcon::Check:
      dl->AddCircle(c, r, color, 0, t * 0.8f);
      dl->AddLine(ImVec2(c.x - r * 0.45f, c.y + r * 0.02f), ImVec2(c.x - r * 0.1f, c.y + r * 0.38f), color, t);
      dl->AddLine(ImVec2(c.x - r * 0.1f, c.y + r * 0.38f), ImVec2(c.x + r * 0.5f, c.y - r * 0.35f), color, t);
      break;
    case StatusIcon::Cross:
      dl->AddCircleFilled(c, r, color);
      dl->AddLine(ImVec2(c.x - r * 0.4f, c.y - r * 0.4f), ImVec2(c.x + r * 0.4f, c.y + r * 0.4f), IM_COL32_WHITE, t);
      dl->AddLine(ImVec2(c.x + r * 0.4f, c.y - r * 0.4f), ImVec2(c.x - r * 0.4f, c.y + r * 0.4f), IM_COL32_WHITE, t);
      break;
    case StatusIcon::Play:
      dl->AddCircle(c, r, color, 0, t * 0.8f);
      dl->AddTriangleFilled(ImVec2(c.x - r * 0.3f, c.y - r * 0.45f), ImVec2(c.x - r * 0.3f, c.y + r * 0.45f),
                            ImVec2(c.x + r * 0.5f, c.y), color);
      break;
    case StatusIcon::Hourglass:
      dl->AddCircle(c, r, color, 0, t * 0.8f);
      dl->AddLine(c, ImVec2(c.x, c.y - r * 0.6f), color, t);
      dl->AddLine(c, ImVec2(c.x + r * 0.45f, c.y), color, t);
      break;
    case StatusIcon::Pause:
      dl->AddCircle(c, r, color, 0, t * 0.8f);
      dl->AddLine(ImVec2(c.x - r * 0.22f, c.y - r * 0.4f), ImVec2(c.x - r * 0.22f, c.y + r * 0.4f), color, t);
      dl->AddLine(ImVec2(c.x + r * 0.22f, c.y - r * 0.4f), ImVec2(c.x + r * 0.22f, c.y + r * 0.4f), color, t);
      break;
    case StatusIcon::Person:
      dl->AddCircle(c, r, color, 0, t * 0.8f);
      dl->AddCircleFilled(ImVec2(c.x, c.y - r * 0.2f), r * 0.25f, color);
      dl->AddLine(ImVec2(c.x - r * 0.4f, c.y + r * 0.45f), ImVec2(c.x + r * 0.4f, c.y + r * 0.45f), color, t);
      break;
    case StatusIcon::Block:
      dl->AddCircle(c, r, color, 0, t * 0.8f);
      dl->AddLine(ImVec2(c.x - r * 0.5f, c.y), ImVec2(c.x + r * 0.5f, c.y), color, t * 1.2f);
      break;
    case StatusIcon::Dot:
      dl->AddCircle(c, r, color, 0, t * 0.8f);
      dl->AddCircleFilled(c, r * 0.3f, color);
      break;
  }
}

float contrastRatio(const ImVec4& a, const ImVec4& b) {
  const float la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05f) / (std::min(la, lb) + 0.05f);
}

}  // namespace bt
