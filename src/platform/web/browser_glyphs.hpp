// Glyphs for every character Roboto lacks (Chinese, other scripts, emoji),
// drawn by the browser's Canvas 2D text with the fonts the system has. The
// site ships no font for them: nothing to download, any script covered.
#pragma once
#include "view/ui_font.hpp"

namespace bt::web {

class BrowserGlyphs : public GlyphRasterizer {
 public:
  std::optional<float> advance(char32_t codepoint, float pixelSize, bool bold) override;
  std::optional<RasterizedGlyph> rasterize(char32_t codepoint, float pixelSize, bool bold) override;
  // Glyphs drawn so far (window.BatchTasks.diagnostics().systemGlyphs).
  long long drawn() const { return drawn_; }

 private:
  long long drawn_ = 0;
};

}  // namespace bt::web
