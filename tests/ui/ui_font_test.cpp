// The UI fonts with the platform's glyphs behind Roboto: which characters go
// to the platform, at what size, and how its bitmaps land in ImGui's atlas.
#include <doctest/doctest.h>
#include <imgui_internal.h>

#include <functional>
#include <set>
#include <utility>

#include "ui/ui_harness.hpp"
#include "view/ui_font.hpp"

using namespace bt;

namespace {

// Draws every character as a box of known size, and remembers what it was asked.
class BoxRasterizer : public GlyphRasterizer {
 public:
  std::set<char32_t> asked;
  std::set<std::pair<char32_t, bool>> rasterized;  // codepoint, bold
  float lastPixelSize = 0;

  std::optional<float> advance(char32_t c, float pixelSize, bool) override {
    asked.insert(c);
    lastPixelSize = pixelSize;
    if (c == U'\uE000') return std::nullopt;  // a private-use character the "system" cannot draw
    return pixelSize * 0.9f;
  }
  std::optional<RasterizedGlyph> rasterize(char32_t c, float pixelSize, bool bold) override {
    asked.insert(c);
    rasterized.insert({c, bold});
    lastPixelSize = pixelSize;
    if (c == U'\uE000') return std::nullopt;
    RasterizedGlyph g;
    g.advance = pixelSize * 0.9f;
    g.left = 1;
    g.top = -pixelSize * 0.8f;  // above the baseline
    g.width = static_cast<int>(pixelSize * 0.8f);
    g.height = static_cast<int>(pixelSize * 0.9f);
    g.colored = c >= 0x1F000;  // "emoji"
    g.rgba.assign(static_cast<std::size_t>(g.width * g.height * 4), 255);
    return g;
  }
};

constexpr float kSize = 15.0f;

// Headless ImGui with the UI fonts, the platform's glyphs from `system` (or
// none), drawing `content` in a window until it settles.
struct FontFixture {
  test::UiHarness ui;
  explicit FontFixture(GlyphRasterizer* system, float density = 1.0f) {
    loadUiFonts(ImGui::GetIO(), kSize, system);
    ImGui::GetIO().DisplayFramebufferScale = ImVec2(density, density);
  }
  void draw(const std::function<void()>& content) {
    ui.settle([&] {
      ImGui::Begin("fonts");
      content();
      ImGui::End();
    });
  }
  ImFontBaked* baked() { return ImGui::GetIO().FontDefault->GetFontBaked(kSize); }
};

}  // namespace

TEST_CASE("characters Roboto lacks come from the platform, at the device's density") {
  BoxRasterizer system;
  FontFixture fonts(&system, 2.0f);  // devicePixelRatio 2
  float chinese = 0, latin = 0;
  fonts.draw([&] {
    ImGui::TextUnformatted("Batch 批量任务");
    chinese = ImGui::CalcTextSize("批量").x;
    latin = ImGui::CalcTextSize("AB").x;
  });

  // Roboto draws the Latin text; the platform only the Chinese.
  CHECK(system.asked.count(U'批') == 1);
  CHECK(system.asked.count(U'任') == 1);
  CHECK(system.asked.count(U'B') == 0);
  CHECK(system.asked.count(U' ') == 0);
  CHECK(latin > 0);
  // Asked at 15 CSS px x 2, and measured back in CSS pixels.
  CHECK(system.lastPixelSize == doctest::Approx(kSize * 2));
  CHECK(chinese == doctest::Approx(2 * kSize * 0.9f));

  ImFontBaked* baked = fonts.baked();
  const ImFontGlyph* glyph = baked->FindGlyphNoFallback(U'批');
  REQUIRE(glyph != nullptr);
  CHECK(glyph->Visible);
  CHECK_FALSE(glyph->Colored);
  // The bitmap's box, in CSS pixels, on Roboto's baseline.
  CHECK(glyph->X0 == doctest::Approx(0.5f));
  CHECK(glyph->X1 - glyph->X0 == doctest::Approx(static_cast<int>(kSize * 2 * 0.8f) / 2.0f));
  CHECK(glyph->Y0 == doctest::Approx(IM_ROUND(baked->Ascent) - kSize * 0.8f));
}

TEST_CASE("emoji keep their colours, what the platform cannot draw falls back") {
  BoxRasterizer system;
  FontFixture fonts(&system);
  fonts.draw([] { ImGui::TextUnformatted("\xF0\x9F\x98\x80 \xEE\x80\x80"); });  // U+1F600, U+E000
  ImFontBaked* baked = fonts.baked();
  const ImFontGlyph* emoji = baked->FindGlyphNoFallback(0x1F600);
  REQUIRE(emoji != nullptr);
  CHECK(emoji->Colored);
  CHECK(baked->FindGlyphNoFallback(0xE000) == nullptr);  // drawn as the fallback glyph
}

TEST_CASE("bold text asks for bold glyphs, control characters are never asked for") {
  BoxRasterizer system;
  FontFixture fonts(&system);
  fonts.draw([] {
    ImGui::PushFont(boldUiFont(), 0.0f);
    ImGui::TextUnformatted("批量");
    ImGui::PopFont();
    ImGui::TextUnformatted("任务\x01\x7F");
  });
  CHECK(system.rasterized.count({U'批', true}) == 1);
  CHECK(system.rasterized.count({U'批', false}) == 0);
  CHECK(system.rasterized.count({U'任', false}) == 1);
  CHECK(system.asked.count(0x01) == 0);
  CHECK(system.asked.count(0x7F) == 0);
}

TEST_CASE("without a platform renderer the fonts still load and Chinese falls back") {
  FontFixture fonts(nullptr);
  fonts.draw([] { ImGui::TextUnformatted("Batch 批量"); });
  CHECK(fonts.baked()->FindGlyphNoFallback(U'B') != nullptr);
  CHECK(fonts.baked()->FindGlyphNoFallback(U'批') == nullptr);
}
