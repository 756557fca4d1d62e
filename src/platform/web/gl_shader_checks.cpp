// ImGui's renderer asks for each shader's compile status and the program's
// link status, and their log lengths, straight after compiling: six
// synchronous round trips to the GPU process, each waiting for all the work
// queued before it (about 100 ms of the first frame in a trace, in software
// GL). Here they are answered "compiled, no log" at once, as a renderer using
// KHR_parallel_shader_compile would go on without waiting, and the program is
// checked for real once, after the first frame has been sent
// (shadersLinked()). A failure is then fatal, as it would have been anyway.
//
// The link itself is not done here at all when it need not be: web/boot.js
// compiles and links the same two shaders as soon as it has the context,
// while the wasm downloads, and asks for the program's uniforms and
// attributes once the GPU process says the link is complete
// (KHR_parallel_shader_compile), so the browser holds the answers before
// ImGui asks. ImGui's glLinkProgram then takes that program in its place
// (bt_js_adopt_early_program in library_batch_tasks.js) when the sources
// match; if they do not (another ImGui version), the program ImGui made is
// linked as before.
// Linked with -Wl,--wrap=glGetShaderiv,--wrap=glGetProgramiv,--wrap=glLinkProgram (CMakeLists.txt).
#include <GLES3/gl3.h>

#include "js_bridge.hpp"

namespace {
GLuint checkedProgram = 0;  // the program whose link status was answered unasked
}

extern "C" {

int bt_js_adopt_early_program(GLuint program);
void __real_glLinkProgram(GLuint program);

void __wrap_glLinkProgram(GLuint program) {
  if (!bt_js_adopt_early_program(program)) __real_glLinkProgram(program);
}

void __real_glGetShaderiv(GLuint shader, GLenum pname, GLint* params);
void __real_glGetProgramiv(GLuint program, GLenum pname, GLint* params);

void __wrap_glGetShaderiv(GLuint shader, GLenum pname, GLint* params) {
  if (pname == GL_COMPILE_STATUS) {
    *params = GL_TRUE;
  } else if (pname == GL_INFO_LOG_LENGTH) {
    *params = 0;
  } else {
    __real_glGetShaderiv(shader, pname, params);
  }
}

void __wrap_glGetProgramiv(GLuint program, GLenum pname, GLint* params) {
  if (pname == GL_LINK_STATUS) {
    checkedProgram = program;
    *params = GL_TRUE;
  } else if (pname == GL_INFO_LOG_LENGTH) {
    *params = 0;
  } else {
    __real_glGetProgramiv(program, pname, params);
  }
}

}

namespace bt::web {

bool shadersLinked() {
  if (checkedProgram == 0) return true;
  GLint linked = GL_FALSE;
  __real_glGetProgramiv(checkedProgram, GL_LINK_STATUS, &linked);
  checkedProgram = 0;  // once is enough: the program never changes
  return linked == GL_TRUE;
}

}  // namespace bt::web
