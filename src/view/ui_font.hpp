// The widget's UI font: Roboto, subset at build time to the characters the
// widget draws and linked into the binary (cmake/ui_font.cmake).
#pragma once
#include <imgui.h>

#include <cstddef>

namespace bt {

// Adds Roboto Regular (made the default font) and Roboto Medium to io.Fonts and
// returns Regular. sizePixels is in ImGui units, which are CSS pixels in the
// browser. Call once after ImGui::CreateContext(), before the first frame.
ImFont* loadUiFonts(ImGuiIO& io, float sizePixels);

// Roboto Medium, for emphasis: ImGui::PushFont(boldUiFont(), 0.0f) keeps the
// current size. nullptr before loadUiFonts(), which ImGui 1.92's PushFont takes
// as "the current font", so views also draw in contexts that never load it
// (the headless UI tests keep ImGui's default font).
ImFont* boldUiFont();

// Merges a CJK font (TrueType bytes from malloc; the atlas takes them and frees
// them) into the text font, at runtime: ImGui 1.92's dynamic atlas bakes its
// glyphs as they are first drawn. False if the font could not be added.
bool mergeCjkFont(ImGuiIO& io, void* data, std::size_t size, float sizePixels);

}  // namespace bt
