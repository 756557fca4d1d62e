// ImGui's renderer asks for each shader's compile status and the program's
// link status, and their log lengths, straight after compiling: six
// synchronous round trips to the GPU process, each waiting for all the work
// queued before it (about 100 ms of the first frame in a trace, in software
// GL). Here they are answered "compiled, no log" at once, as a renderer using
// KHR_parallel_shader_compile would go on without waiting, and the program is
// checked for real once, after the first frame has been sent
// (shadersLinked()). A failure is then fatal, as it would have been anyway.
// Linked with -Wl,--wrap=glGetShaderiv,--wrap=glGetProgramiv (CMakeLists.txt).
#include <GLES3/gl3.h>

#include "js_bridge.hpp"

namespace {
GLuint checkedProgram = 0;  // the program whose link status was answered unasked
}

extern "C" {

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
