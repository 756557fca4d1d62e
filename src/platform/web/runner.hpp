// The browser runner: owns the Store and wires the browser to it. Dispatches
// what comes in (commands, messages, answers, input), hands the frame pump a
// frame to draw with the view, and keeps the few things the page asks of it
// (its state as JSON, diagnostics).
//
// Who does what:
//   gl_renderer.*     the WebGL 2 context and ImGui's renderer
//   frame_pump.*      when frames are drawn (model/frame_pacer.hpp decides)
//   browser_host.*    the model's effects: timers, the URL, events, downloads
//   fetch_transport.* the model's requests
//   html5_input.*, platform_hooks.*  input, text, clipboard, IME
//   main.cpp          the C entry points for web/boot.js and library_batch_tasks.js
#pragma once
#include <imgui.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "browser_glyphs.hpp"
#include "browser_host.hpp"
#include "fetch_transport.hpp"
#include "frame_pump.hpp"
#include "gl_renderer.hpp"
#include "html5_input.hpp"
#include "js_bridge.hpp"
#include "model/deployment_config.hpp"
#include "model/frame_times.hpp"
#include "model/store.hpp"
#include "view/widget.hpp"

namespace bt::web {

class Runner {
 public:
  Runner();
  // Sets everything up and starts the first load; false without WebGL 2.
  bool start();

  // Every action goes through here: the Store, then frames to show the result.
  void dispatch(Action action);
  // A command from the page itself (window.BatchTasks); "" when accepted.
  const std::string& command(const char* json);
  // A postMessage from the embedding page.
  void embedMessage(const char* origin, const char* json);
  // The answer to the request web/boot.js made before the wasm ran (status 0: failed).
  // `age` and `stale`: the answer's X-Batch-Tasks-Age and -Stale headers (empty: absent).
  void earlyAnswer(int status, std::string body, std::string age, std::string stale);
  // window.BatchTasks.getState(): valid until the state changes.
  const std::string& snapshot();

  void resize();
  void applyTheme();
  void textTyped(const char* utf8);
  void paste(const char* utf8);
  void activateItem(ImGuiID id);

  double framesDrawn() const { return static_cast<double>(framesDrawn_); }
  double systemGlyphsDrawn() const { return static_cast<double>(systemGlyphs_.drawn()); }
  // Main-thread milliseconds of the latest drawn frames (diagnostics().frameMs).
  FrameTimes::Summary frameMs() const { return frameTimes_.summary(); }

 private:
  // Draws one frame; the view's redrawAfterMs, or nothing when the widget cannot go on.
  std::optional<Millis> drawFrame();
  // The regions the service serves, once it has said (empty before).
  const std::vector<std::string>& servedRegions() const;
  // Frames for ImGui to see a change through (0: none).
  void requestFrames(int count);

  HostFacts facts_;
  DeploymentConfig config_;
  Translator translator_;
  BrowserGlyphs systemGlyphs_;  // before the ImGui context that uses it
  GlRenderer renderer_;
  FramePump pump_;
  Html5Input canvasInput_;
  Html5Input textInput_;
  FetchTransport transport_;
  BrowserTimers timers_;
  BrowserHost page_;
  Store store_;
  ViewState view_;
  ImVec4 clearColor_{0.96f, 0.96f, 0.97f, 1.0f};
  std::string snapshot_;
  std::uint64_t snapshotVersion_ = 0;
  std::string commandError_;
  long long framesDrawn_ = 0;
  FrameTimes frameTimes_;
  bool reducedMotion_ = false;
  Millis lastFrameMs_ = 0;
};

}  // namespace bt::web
