// The widget's look: light and dark palettes, metrics, and the status colours
// and icons (colour, icon and text together, so status reads in greyscale too).
#pragma once
#include <imgui.h>

#include <string_view>

namespace bt {

struct Palette {
  bool dark;
  ImVec4 background;  // the widget's own background
  ImVec4 surface;     // table rows, panels
  ImVec4 surfaceAlt;  // alternate rows
  ImVec4 border;
  ImVec4 text;
  ImVec4 textMuted;
  ImVec4 accent;      // buttons, selection, focus
  ImVec4 accentSoft;  // selected rows, active chips
  ImVec4 danger;      // error text
  ImVec4 dangerSoft;  // error banner background
  ImVec4 warningSoft; // notice banner background
  ImVec4 success;     // progress: done
  ImVec4 failure;     // progress: failed remainder
  ImVec4 track;       // progress: not yet
  ImVec4 warning;     // amber text and marks: stalled batches
  ImVec4 changed;     // a row the latest refresh changed, before it fades
};

const Palette& lightPalette();
const Palette& darkPalette();

// The palette for a theme; `moreContrast` (prefers-contrast: more) makes muted
// text as strong as body text and borders clearly visible.
const Palette& palette(bool dark, bool moreContrast);

// Sets colours and metrics on the style; the palette stays current for drawing.
void applyTheme(ImGuiStyle& style, bool dark, bool moreContrast = false);
const Palette& currentPalette();

enum class StatusIcon { Check, Cross, Play, Hourglass, Pause, Person, Block, Dot };

struct StatusLook {
  ImVec4 color;
  StatusIcon icon;
};

// Batch statuses and subtask statuses alike; unknown ones get a neutral look.
StatusLook statusLook(std::string_view status, const Palette& palette);

// Draws the icon centred at `center` within a square of side `size`.
void drawStatusIcon(ImDrawList* drawList, ImVec2 center, float size, StatusIcon icon, ImU32 color);

// WCAG 2 contrast ratio of two colours (alpha ignored), from 1 to 21.
float contrastRatio(const ImVec4& a, const ImVec4& b);

}  // namespace bt
