// The widget's UI fonts: Roboto, subset at build time to the characters the
// widget draws and linked into the binary (cmake/ui_font.cmake), and for every
// other character (Chinese, other scripts, emoji) the platform's own text
// renderer: the widget ships no font for them.
#pragma once
#include <imgui.h>

#include <optional>
#include <vector>

namespace bt {

// One glyph as the platform draws it.
struct RasterizedGlyph {
  float advance = 0;          // pen advance, in pixels at the requested size
  float left = 0, top = 0;    // the bitmap's top-left corner from the pen on the baseline (y down)
  int width = 0, height = 0;  // 0 x 0 for a glyph with no ink (a space)
  bool colored = false;       // draws in its own colours (emoji); otherwise white with alpha
  std::vector<unsigned char> rgba;  // width x height x 4, straight alpha
};

// Draws single characters with the system's fonts (in the browser: Canvas 2D).
class GlyphRasterizer {
 public:
  virtual ~GlyphRasterizer() = default;
  // Pen advance of `codepoint` at `pixelSize`; nullopt when there is nothing to draw.
  virtual std::optional<float> advance(char32_t codepoint, float pixelSize, bool bold) = 0;
  virtual std::optional<RasterizedGlyph> rasterize(char32_t codepoint, float pixelSize, bool bold) = 0;
};

// Adds Roboto Regular (made the default font) and Roboto Medium to io.Fonts and
// returns Regular. sizePixels is in ImGui units, which are CSS pixels in the
// browser. With `systemGlyphs`, each font gets it as a second source: a glyph
// Roboto lacks is asked of it once per size and density, when first drawn
// (ImGui 1.92's dynamic atlas), and baked beside Roboto's; it must outlive the
// ImGui context. Call once after ImGui::CreateContext(), before the first frame.
ImFont* loadUiFonts(ImGuiIO& io, float sizePixels, GlyphRasterizer* systemGlyphs = nullptr);

// Roboto Medium, for the title: ImGui::PushFont(boldUiFont(), 0.0f) keeps the
// current size. It carries Basic Latin only (cmake/ui_font.cmake); other
// characters come from the system's bold glyphs. nullptr before loadUiFonts(), which ImGui 1.92's PushFont takes
// as "the current font", so views also draw in contexts that never load it
// (the headless UI tests keep ImGui's default font).
ImFont* boldUiFont();

}  // namespace bt
