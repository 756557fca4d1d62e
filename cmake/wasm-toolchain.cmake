# Debian's Emscripten toolchain, plus the Node flags its test binaries need.
set(CMAKE_CROSSCOMPILING_EMULATOR "node;--no-experimental-fetch" CACHE STRING
    "Runs wasm test binaries; Node 20's own fetch clashes with Emscripten's, hence the flag")
include(/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake)
