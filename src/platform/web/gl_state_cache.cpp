// ImGui's OpenGL 3 renderer saves and restores some twenty pieces of GL state
// around every frame with glGetIntegerv. In Chromium each of those is a
// synchronous round trip to the GPU process, which waits for all the GPU work
// queued before it: measured here at ~60 ms a frame, and ~50 ms of the first
// frame even when each is asked only once. The widget is the only user of its
// WebGL context and the renderer restores what it saved, so that state never
// changes between frames: it is answered from a table that starts with
// OpenGL ES 3.0's initial values (nothing bound, blending ONE/ZERO/ADD),
// without asking. Viewport and scissor box start as zeros: the renderer sets
// both before drawing, and the runner sets the viewport every frame, so
// restoring zeros after a frame changes nothing drawn. Other queries go to WebGL.
//
// Likewise the renderer's one question at start-up, glGetString(GL_VERSION),
// which it asks only to see "OpenGL ES 3": WebGL answers it from the GPU
// process, a round trip that waits for the shader link boot.js queued (traced
// at 40 ms of main()). The context is WebGL 2, which is OpenGL ES 3.0, so
// the answer is given without asking, in Emscripten's own format.
// Linked with -Wl,--wrap=glGetIntegerv,--wrap=glGetString (see CMakeLists.txt).
#include <GLES3/gl3.h>

#include <unordered_map>

extern "C" {

const GLubyte* __real_glGetString(GLenum name);

const GLubyte* __wrap_glGetString(GLenum name) {
  static const char kVersion[] = "OpenGL ES 3.0 (WebGL 2.0)";
  if (name == GL_VERSION) return reinterpret_cast<const GLubyte*>(kVersion);
  return __real_glGetString(name);
}

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
  static std::unordered_map<GLenum, GLint[4]> cache = [] {
    std::unordered_map<GLenum, GLint[4]> initial;
    for (const auto& [name, count] : kBackedUp) initial.try_emplace(name);  // zeros: nothing bound
    initial[GL_ACTIVE_TEXTURE][0] = GL_TEXTURE0;
    initial[GL_BLEND_SRC_RGB][0] = GL_ONE;
    initial[GL_BLEND_SRC_ALPHA][0] = GL_ONE;
    initial[GL_BLEND_DST_RGB][0] = GL_ZERO;
    initial[GL_BLEND_DST_ALPHA][0] = GL_ZERO;
    initial[GL_BLEND_EQUATION_RGB][0] = GL_FUNC_ADD;
    initial[GL_BLEND_EQUATION_ALPHA][0] = GL_FUNC_ADD;
    return initial;
  }();
  const auto backedUp = kBackedUp.find(pname);
  if (backedUp == kBackedUp.end()) {
    __real_glGetIntegerv(pname, data);
    return;
  }
  const GLint* values = cache[pname];
  for (int i = 0; i < backedUp->second; ++i) data[i] = values[i];
}

}
