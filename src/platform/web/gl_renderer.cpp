#include "gl_renderer.hpp"

#include <GLES3/gl3.h>
#include <imgui_impl_opengl3.h>

#include <cmath>

#include "js_bridge.hpp"

namespace bt::web {

bool GlRenderer::createContext() {
  EmscriptenWebGLContextAttributes attrs;
  emscripten_webgl_init_context_attributes(&attrs);
  attrs.majorVersion = 2;
  attrs.alpha = EM_FALSE;
  attrs.antialias = EM_FALSE;
  attrs.depth = EM_FALSE;
  attrs.stencil = EM_FALSE;
  // ImGui needs no WebGL extension; enabling all ~30 costs 30-110 ms at start.
  attrs.enableExtensionsByDefault = EM_FALSE;
  gl_ = emscripten_webgl_create_context(canvas_, &attrs);
  if (gl_ <= 0) return false;
  emscripten_webgl_make_context_current(gl_);
  return true;
}

void GlRenderer::initImGuiBackend() { ImGui_ImplOpenGL3_Init("#version 300 es"); }

void GlRenderer::fitCanvas() {
  double cssWidth = 0, cssHeight = 0;
  emscripten_get_element_css_size(canvas_, &cssWidth, &cssHeight);
  const double ratio = devicePixelRatio();
  const int width = static_cast<int>(std::lround(cssWidth * ratio));
  const int height = static_cast<int>(std::lround(cssHeight * ratio));
  // Setting a canvas's size, even to the same, reallocates its WebGL buffers.
  int currentWidth = 0, currentHeight = 0;
  emscripten_get_canvas_element_size(canvas_, &currentWidth, &currentHeight);
  if (width != currentWidth || height != currentHeight) emscripten_set_canvas_element_size(canvas_, width, height);
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(cssWidth), static_cast<float>(cssHeight));
  io.DisplayFramebufferScale = ImVec2(static_cast<float>(ratio), static_cast<float>(ratio));
}

bool GlRenderer::pixelRatioChanged() const {
  return static_cast<float>(devicePixelRatio()) != ImGui::GetIO().DisplayFramebufferScale.x;
}

void GlRenderer::newFrame() { ImGui_ImplOpenGL3_NewFrame(); }

void GlRenderer::render(const ImVec4& clearColor) {
  emscripten_webgl_make_context_current(gl_);
  const ImGuiIO& io = ImGui::GetIO();
  const ImVec2 fb(io.DisplaySize.x * io.DisplayFramebufferScale.x, io.DisplaySize.y * io.DisplayFramebufferScale.y);
  glViewport(0, 0, static_cast<int>(fb.x), static_cast<int>(fb.y));
  glClearColor(clearColor.x, clearColor.y, clearColor.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

}  // namespace bt::web
