// The WebGL 2 context on the widget's canvas and Dear ImGui's OpenGL 3
// renderer on it.
//
// Implemented features:
//  [X] A WebGL 2 context with no alpha, antialiasing, depth or stencil, and no
//      extension enabled (ImGui needs none; enabling all costs 30-110 ms at start).
//      web/boot.js makes it with the same attributes while the wasm downloads.
//  [X] ImGui_ImplOpenGL3 on GLSL "#version 300 es".
//  [X] The canvas's buffer at its CSS size × devicePixelRatio, set only when it
//      differs (setting it reallocates WebGL's buffers); ImGui works in CSS pixels.
//  [X] Per frame: viewport, clear to the theme's background, ImGui's draw data.
//  [X] No GPU round trips per frame or while shaders compile (gl_state_cache.cpp,
//      gl_shader_checks.cpp).
#pragma once
#include <emscripten/html5.h>
#include <imgui.h>

namespace bt::web {

class GlRenderer {
 public:
  explicit GlRenderer(const char* canvasSelector) : canvas_(canvasSelector) {}
  // False when the browser has no WebGL 2.
  bool createContext();
  // ImGui's renderer; once ImGui's context exists.
  void initImGuiBackend();
  // Sizes the canvas's buffer and ImGui's display to the canvas's CSS size.
  void fitCanvas();
  // The devicePixelRatio differs from the one the canvas was sized for.
  bool pixelRatioChanged() const;
  // Around ImGui::NewFrame() … ImGui::Render():
  void newFrame();
  void render(const ImVec4& clearColor);

 private:
  const char* canvas_;
  EMSCRIPTEN_WEBGL_CONTEXT_HANDLE gl_ = 0;
};

// Whether ImGui's shader program linked; asked once, after the first frame
// (gl_shader_checks.cpp answers the renderer's own checks without waiting).
bool shadersLinked();

}  // namespace bt::web
