// The browser runner: owns the model state, carries out its effects (fetches,
// timers), and draws with ImGui on WebGL 2 only when something changed.
#include <emscripten.h>
#include <emscripten/eventloop.h>
#include <GLES3/gl3.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include "fetch_transport.hpp"
#include "html5_input.hpp"
#include "js_bridge.hpp"
#include "model/snapshot.hpp"
#include "model/store.hpp"
#include "view/task_table_view.hpp"

namespace bt::web {
namespace {

constexpr const char* kCanvas = "#batch-tasks-canvas";

Millis wallClockMs() { return static_cast<Millis>(emscripten_date_now()); }

// The model's timers on the browser's setTimeout.
class BrowserTimers : public TimerService {
 public:
  explicit BrowserTimers(std::function<void(Action)> deliver) : deliver_(std::move(deliver)) {}
  void start(const fx::StartTimer& t) override {
    auto* ticket = new Ticket{this, t.timer};
    emscripten_set_timeout(
        [](void* user) {
          std::unique_ptr<Ticket> ticket(static_cast<Ticket*>(user));
          ticket->owner->deliver_(act::TimerFired{ticket->timer});
        },
        static_cast<double>(t.delayMs), ticket);
  }

 private:
  struct Ticket {
    BrowserTimers* owner;
    Timer timer;
  };
  std::function<void(Action)> deliver_;
};

class WebApp {
 public:
  WebApp()
      : input_(kCanvas, [this] { requestFrames(kSettleFrames); }),
        transport_(readPageConfig().endpoint, [this](Action a) { dispatch(std::move(a)); }),
        timers_([this](Action a) { dispatch(std::move(a)); }),
        store_(transport_, timers_, wallClockMs, initialState()) {}

  bool start() {
    EmscriptenWebGLContextAttributes attrs;
    emscripten_webgl_init_context_attributes(&attrs);
    attrs.majorVersion = 2;
    attrs.alpha = EM_FALSE;
    attrs.antialias = EM_FALSE;
    attrs.depth = EM_FALSE;
    attrs.stencil = EM_FALSE;
    gl_ = emscripten_webgl_create_context(kCanvas, &attrs);
    if (gl_ <= 0) return false;
    emscripten_webgl_make_context_current(gl_);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // preferences go to localStorage, not a file
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    ImGui::StyleColorsLight();
    input_.install();
    ImGui_ImplOpenGL3_Init("#version 300 es");
    observeCanvasResize();
    resize();

    dispatch(act::Start{});
    announceReady();
    return true;
  }

  void dispatch(Action action) {
    store_.dispatch(std::move(action));
    requestFrames(kSettleFrames);
  }

  const std::string& snapshot() {
    if (snapshotVersion_ != store_.version() || snapshot_.empty()) {
      snapshot_ = stateSnapshotJson(store_.state());
      snapshotVersion_ = store_.version();
    }
    return snapshot_;
  }

  void resize() {
    double cssWidth = 0, cssHeight = 0;
    emscripten_get_element_css_size(kCanvas, &cssWidth, &cssHeight);
    const double ratio = devicePixelRatio();
    emscripten_set_canvas_element_size(kCanvas, static_cast<int>(std::lround(cssWidth * ratio)),
                                       static_cast<int>(std::lround(cssHeight * ratio)));
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(cssWidth), static_cast<float>(cssHeight));
    io.DisplayFramebufferScale = ImVec2(static_cast<float>(ratio), static_cast<float>(ratio));
    requestFrames(kSettleFrames);
  }

 private:
  // ImGui needs a few frames after an input to settle hover and layout.
  static constexpr int kSettleFrames = 3;

  static AppState initialState() {
    AppState s;
    s.jitterSeed = static_cast<std::uint64_t>(wallClockMs());  // tabs retry at different times
    return s;
  }

  void requestFrames(int count) {
    framesWanted_ = std::max(framesWanted_, count);
    if (frameScheduled_) return;
    frameScheduled_ = true;
    emscripten_request_animation_frame(
        [](double, void* user) -> EM_BOOL {
          static_cast<WebApp*>(user)->frame();
          return EM_FALSE;
        },
        this);
  }

  void frame() {
    frameScheduled_ = false;
    const Millis now = wallClockMs();
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = lastFrameMs_ ? std::clamp(static_cast<float>(now - lastFrameMs_) / 1000.0f, 0.001f, 0.25f)
                                : 1.0f / 60.0f;
    lastFrameMs_ = now;

    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    ViewOutput out = drawTaskTableWidget(store_.state(), view_, now);
    ImGui::Render();
    input_.updateCursor();

    emscripten_webgl_make_context_current(gl_);
    const ImVec2 fb(io.DisplaySize.x * io.DisplayFramebufferScale.x, io.DisplaySize.y * io.DisplayFramebufferScale.y);
    glViewport(0, 0, static_cast<int>(fb.x), static_cast<int>(fb.y));
    glClearColor(0.96f, 0.96f, 0.97f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    if (out.drewRows) markFirstRowsDrawn();
    for (const Action& intent : out.intents) dispatch(intent);

    if (--framesWanted_ > 0) {
      requestFrames(framesWanted_);
    } else {
      scheduleIdleRedraw();
    }
  }

  // Nothing changes on screen by itself except clocks ("updated 12 s ago",
  // retry countdowns): redraw for those once a second, and never faster.
  void scheduleIdleRedraw() {
    if (idleTimerArmed_ || !store_.state().page) return;
    idleTimerArmed_ = true;
    emscripten_set_timeout(
        [](void* user) {
          auto* app = static_cast<WebApp*>(user);
          app->idleTimerArmed_ = false;
          app->requestFrames(1);
        },
        1000.0, this);
  }

  EMSCRIPTEN_WEBGL_CONTEXT_HANDLE gl_ = 0;
  Html5Input input_;
  FetchTransport transport_;
  BrowserTimers timers_;
  Store store_;
  TaskTableViewState view_;
  std::string snapshot_;
  std::uint64_t snapshotVersion_ = 0;
  bool frameScheduled_ = false;
  bool idleTimerArmed_ = false;
  int framesWanted_ = 0;
  Millis lastFrameMs_ = 0;
};

WebApp* theApp = nullptr;

}  // namespace
}  // namespace bt::web

extern "C" {

// window.BatchTasks.getState() reads this; the pointer stays valid until the next call.
EMSCRIPTEN_KEEPALIVE const char* bt_state_json() {
  return bt::web::theApp ? bt::web::theApp->snapshot().c_str() : "null";
}

EMSCRIPTEN_KEEPALIVE void bt_canvas_resized() {
  if (bt::web::theApp) bt::web::theApp->resize();
}

}

int main() {
  static bt::web::WebApp app;
  bt::web::theApp = &app;
  if (!app.start()) {
    bt::web::reportFatal("WebGL 2 is not available in this browser, so the task table cannot be drawn.");
    return 1;
  }
  // Keep the runtime alive: everything from here on is driven by events.
  emscripten_exit_with_live_runtime();
  return 0;
}
