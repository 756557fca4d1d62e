#include <doctest/doctest.h>

#include "view/theme.hpp"

using namespace bt;

TEST_CASE("contrast ratios follow WCAG 2") {
  CHECK(contrastRatio(ImVec4(0, 0, 0, 1), ImVec4(1, 1, 1, 1)) == doctest::Approx(21.0f));
  CHECK(contrastRatio(ImVec4(1, 1, 1, 1), ImVec4(1, 1, 1, 1)) == doctest::Approx(1.0f));
  // #767676 on white is the well-known AA boundary, 4.54:1.
  const float grey = 0x76 / 255.0f;
  CHECK(contrastRatio(ImVec4(grey, grey, grey, 1), ImVec4(1, 1, 1, 1)) == doctest::Approx(4.54f).epsilon(0.01));
}

TEST_CASE("every status colour passes WCAG AA on both row colours of both themes") {
  const char* statuses[] = {"COMPLETED", "FAILED", "RUNNING", "DISPATCHING", "WAITING", "PAUSE",
                            "TEMP_TERMINATED", "HUMAN_PROCESSING", "BLOCKING", "SOMETHING_NEW"};
  for (const Palette* p : {&lightPalette(), &darkPalette()}) {
    for (const char* status : statuses) {
      CAPTURE(status);
      CAPTURE(p->dark);
      const ImVec4 colour = statusLook(status, *p).color;
      CHECK(contrastRatio(colour, p->surface) >= 4.5f);
      CHECK(contrastRatio(colour, p->surfaceAlt) >= 4.5f);
      CHECK(contrastRatio(colour, p->accentSoft) >= 3.0f);  // on a selected row: large-text AA at least
      CHECK(contrastRatio(colour, p->changed) >= 4.5f);     // on a row the latest refresh changed
    }
    CHECK(contrastRatio(p->warning, p->surface) >= 4.5f);  // "no progress for …" on both row colours
    CHECK(contrastRatio(p->warning, p->surfaceAlt) >= 4.5f);
    CHECK(contrastRatio(p->warning, p->background) >= 4.5f);  // the Stalled chip
    CHECK(contrastRatio(p->text, p->changed) >= 7.0f);
    CHECK(contrastRatio(p->accent, p->changed) >= 4.5f);  // the "new" mark on a changed row
    CHECK(contrastRatio(p->text, p->surface) >= 7.0f);
    CHECK(contrastRatio(p->textMuted, p->surface) >= 4.5f);
    CHECK(contrastRatio(p->textMuted, p->background) >= 4.5f);
    CHECK(contrastRatio(p->danger, p->dangerSoft) >= 4.5f);
    CHECK(contrastRatio(p->text, p->warningSoft) >= 4.5f);
  }
}

TEST_CASE("more contrast: muted text as strong as body text, borders visible") {
  for (bool dark : {false, true}) {
    const Palette& p = palette(dark, true);
    CHECK(contrastRatio(p.textMuted, p.surface) >= 7.0f);
    CHECK(contrastRatio(p.border, p.surface) >= 3.0f);  // WCAG non-text contrast
    CHECK(contrastRatio(p.border, p.surface) > contrastRatio(palette(dark, false).border, p.surface));
  }
}

TEST_CASE("statuses have distinct icons, so they read without colour") {
  const Palette& p = lightPalette();
  CHECK(statusLook("COMPLETED", p).icon != statusLook("FAILED", p).icon);
  CHECK(statusLook("FAILED", p).icon != statusLook("RUNNING", p).icon);
  CHECK(statusLook("RUNNING", p).icon != statusLook("DISPATCHING", p).icon);
  CHECK(statusLook("DISPATCHING", p).icon != statusLook("COMPLETED", p).icon);
  CHECK(statusLook("SOMETHING_NEW", p).icon == StatusIcon::Dot);
}
