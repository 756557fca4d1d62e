// ImGui's OpenGL 3 renderer saves and restores some twenty pieces of GL state
// around every frame with glGetIntegerv. In Chromium each of those is a
// synchronous round trip to the GPU process: measured here at ~60 ms a frame,
// nearly all of a frame's cost. The widget is the only user of its WebGL
// context, so that state is whatever the renderer left last time: answer those
// queries from a cache filled by the first real query (the restore then puts
// back the same values every frame). Other queries go to WebGL.
// Linked with -Wl,--wrap=glGetIntegerv (see CMakeLists.txt).
#include <GLES3/gl3.h>

#include <unordered_map>

extern "C" {

void __real_glGetIntegerv(GLenum pname, GLint* data);

void __wrap_glGetIntegerv(GLenum pname, GLint* data) {
  // The state the renderer backs up each frame, with how many values each has.
  static const std::unordered_map<GLenum, int> kBackedUp = {
      {GL_ACTIVE_TEXTURE, 1},       {GL_CURRENT_PROGRAM, 1},        {GL_TEXTURE_BINDING_2D, 1},
      {GL_SAMPLER_BINDING, 1},      {GL_ARRAY_BUFFER_BINDING, 1},   {GL_ELEMENT_ARRAY_BUFFER_BINDING, 1},
      {GL_VERTEX_ARRAY_BINDING, 1}, {GL_VIEWPORT, 4},               {GL_SCISSOR_BOX, 4},
      {GL_BLEND_SRC_RGB, 1},        {GL_BLEND_DST_RGB, 1},          {GL_BLEND_SRC_ALPHA, 1},
      {GL_BLEND_DST_ALPHA, 1},      {GL_BLEND_EQUATION_RGB, 1},     {GL_BLEND_EQUATION_ALPHA, 1},
      {GL_UNPACK_ROW_LENGTH, 1},    {GL_PIXEL_UNPACK_BUFFER_BINDING, 1},
  };
  static std::unordered_map<GLenum, GLint[4]> cache;
  const auto backedUp = kBackedUp.find(pname);
  if (backedUp == kBackedUp.end()) {
    __real_glGetIntegerv(pname, data);
    return;
  }
  auto [entry, added] = cache.try_emplace(pname);
  if (added) __real_glGetIntegerv(pname, entry->second);
  for (int i = 0; i < backedUp->second; ++i) data[i] = entry->second[i];
}

}
