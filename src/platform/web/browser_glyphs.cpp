#include "browser_glyphs.hpp"

#include <cstdint>
#include <cstdlib>

extern "C" {
double bt_js_glyph_advance(unsigned codepoint, double pixelSize, int bold);
// Fills `out` (layout: struct GlyphOut below); pixels are malloc'd, ours to free.
void bt_js_rasterize_glyph(unsigned codepoint, double pixelSize, int bold, void* out);
}

namespace bt::web {
namespace {

struct GlyphOut {
  float advance;
  float left;
  float top;
  std::int32_t width;
  std::int32_t height;
  std::int32_t colored;
  unsigned char* pixels;  // RGBA, straight alpha; null when the glyph has no ink
};
static_assert(sizeof(GlyphOut) == 28, "library_batch_tasks.js writes this layout");

}  // namespace

std::optional<float> BrowserGlyphs::advance(char32_t codepoint, float pixelSize, bool bold) {
  const double width = bt_js_glyph_advance(static_cast<unsigned>(codepoint), pixelSize, bold ? 1 : 0);
  if (!(width >= 0)) return std::nullopt;  // NaN or negative: the browser could not measure it
  return static_cast<float>(width);
}

std::optional<RasterizedGlyph> BrowserGlyphs::rasterize(char32_t codepoint, float pixelSize, bool bold) {
  GlyphOut out{};
  bt_js_rasterize_glyph(static_cast<unsigned>(codepoint), pixelSize, bold ? 1 : 0, &out);
  if (!(out.advance >= 0)) {
    std::free(out.pixels);
    return std::nullopt;
  }
  RasterizedGlyph glyph;
  glyph.advance = out.advance;
  glyph.left = out.left;
  glyph.top = out.top;
  if (out.pixels && out.width > 0 && out.height > 0) {
    glyph.width = out.width;
    glyph.height = out.height;
    glyph.colored = out.colored != 0;
    glyph.rgba.assign(out.pixels, out.pixels + static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height) * 4);
  }
  std::free(out.pixels);
  ++drawn_;
  return glyph;
}

}  // namespace bt::web
