// The browser runner: owns the Store, carries out its effects (fetches, timers,
// the URL, events for the embedding page), and draws with ImGui on WebGL 2 only
// when something changed.
#include <GLES3/gl3.h>
#include <emscripten.h>
#include <emscripten/eventloop.h>
#include <emscripten/heap.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cstdlib>
#include <malloc.h>
#include <initializer_list>
#include <cmath>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "accessibility.hpp"
#include "browser_glyphs.hpp"
#include "fetch_transport.hpp"
#include "html5_input.hpp"
#include "js_bridge.hpp"
#include "model/command.hpp"
#include "model/page_config.hpp"
#include "model/paging.hpp"
#include "model/snapshot.hpp"
#include "model/store.hpp"
#include "view/task_table_view.hpp"
#include "view/theme.hpp"
#include "view/ui_font.hpp"

namespace bt::web {

// Whether ImGui's shader program linked; asked once, after the first frame
// (gl_shader_checks.cpp answers the renderer's own checks without waiting).
bool shadersLinked();

namespace {

constexpr const char* kCanvas = "#batch-tasks-canvas";
constexpr const char* kTextInput = "#batch-tasks-text-input";

Millis wallClockMs() { return static_cast<Millis>(emscripten_date_now()); }

std::string tableTextJson(const TableText& t) {
  return nlohmann::json{{"caption", t.caption},        {"headers", t.headers}, {"rows", t.rows},
                        {"batchIds", t.batchIds},      {"selected", t.selectedBatchId},
                        {"actionsHeader", t.actionsHeader}, {"actions", t.actions}}
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

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

// The page around the widget: history, listeners in the page or its parent,
// downloads, and what screen readers are told.
class BrowserPage : public PageHost {
 public:
  BrowserPage(std::string parentOrigin, const Translator& tr) : parentOrigin_(std::move(parentOrigin)), tr_(tr) {}
  void writeUrl(const fx::WriteUrl& url) override { writeUrlFragment(url.fragment, url.push); }
  void emit(const fx::Emit& event) override {
    emitEvent(event.event, event.detail, parentOrigin_);
    if (const std::string text = announcement(event); !text.empty()) announce(text);
  }
  void download(const fx::Download& file) override { downloadFile(file.fileName, file.mimeType, file.content); }

 private:
  std::string announcement(const fx::Emit& event) const {
    const auto d = nlohmann::json::parse(event.detail, nullptr, false);
    if (!d.is_object()) return {};
    auto number = [&](const char* key) { return std::to_string(d.value(key, 0LL)); };
    if (event.event == "load") {
      const long long pages =
          totalPages(d.value("totalCount", std::int64_t{0}), static_cast<int>(d.value("pageSize", 30LL)));
      return fillPlaceholders(tr_("Page {} of {}: {} batch tasks shown, {} in all."),
                              {number("pageNumber"), std::to_string(pages), number("rows"), number("totalCount")});
    }
    if (event.event == "error") {
      std::string text = fillPlaceholders(tr_("Error {}: {}"), {d.value("code", std::string()),
                                                                 tr_(d.value("message", std::string()))});
      return d.value("retrying", false) ? text + " " + tr_("Retrying.") : text;
    }
    if (event.event == "select") {
      const std::string id = d.value("batchId", std::string());
      return id.empty() ? tr_("Details closed.") : fillPlaceholders(tr_("Details of {}."), {id});
    }
    return {};
  }

  std::string parentOrigin_;
  const Translator& tr_;
};

// Local offsets change with daylight saving; one answer per hour is plenty.
int cachedLocalOffset(UnixSeconds t) {
  static std::map<UnixSeconds, int> byHour;
  const UnixSeconds hour = t / 3600;
  if (auto it = byHour.find(hour); it != byHour.end()) return it->second;
  if (byHour.size() > 4096) byHour.clear();
  return byHour[hour] = localOffsetMinutesAt(static_cast<double>(hour * 3600));
}

class WebApp;
WebApp* theApp = nullptr;  // the one instance: for the C entry points and ImGui's callbacks

class WebApp {
 public:
  WebApp()
      : facts_(readPageFacts()),
        config_(parsePageConfig(facts_.queryString, facts_.allowedEndpoints)),
        translator_(languageFromTag(config_.lang.empty() ? facts_.browserLanguage : config_.lang)),
        canvasInput_(kCanvas, [this] { requestFrames(kSettleFrames); }, true),
        textInput_(kTextInput, [this] { requestFrames(kSettleFrames); }, false),
        transport_(config_.endpoint, [this](Action a) { dispatch(std::move(a)); }),
        timers_([this](Action a) { dispatch(std::move(a)); }),
        page_(config_.parentOrigin, translator_),
        store_(transport_, timers_, page_, wallClockMs, initialState()) {}

  bool start() {
    // The first page's answer may be on its way (the shell asked for it). A
    // first frame drawn before it would only show placeholders, and while it
    // is drawn the browser holds the answer back: the first frame waits for
    // the answer, for kFirstFrameWaitMs at most (see the end of start()).
    holdFirstFrame_ = true;
    EmscriptenWebGLContextAttributes attrs;
    emscripten_webgl_init_context_attributes(&attrs);
    attrs.majorVersion = 2;
    attrs.alpha = EM_FALSE;
    attrs.antialias = EM_FALSE;
    attrs.depth = EM_FALSE;
    attrs.stencil = EM_FALSE;
    // ImGui needs no WebGL extension; enabling all ~30 costs 30-110 ms at start.
    attrs.enableExtensionsByDefault = EM_FALSE;
    gl_ = emscripten_webgl_create_context(kCanvas, &attrs);
    if (gl_ <= 0) return false;
    emscripten_webgl_make_context_current(gl_);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // column layout goes to localStorage instead
    loadUiFonts(io, kUiFontSize, &systemGlyphs_);    // CSS pixels; sharp at any devicePixelRatio (view/ui_font.cpp)
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    if (const auto ini = storageGet("layout")) ImGui::LoadIniSettingsFromMemory(ini->c_str(), ini->size());
    applyTheme();
    canvasInput_.install();
    textInput_.install();
    ImGui::GetCurrentContext()->TestEngineHookItems = true;  // feeds the accessibility mirror
    ImGuiPlatformIO& platform = ImGui::GetPlatformIO();
    platform.Platform_SetClipboardTextFn = [](ImGuiContext*, const char* text) { copyToClipboard(text); };
    // ImGui reads "the clipboard" only when it pastes: that is the text of the
    // browser's paste event being handled (see paste()).
    platform.Platform_GetClipboardTextFn = [](ImGuiContext*) { return theApp ? theApp->pastedText() : ""; };
    platform.Platform_SetImeDataFn = [](ImGuiContext* ctx, ImGuiViewport*, ImGuiPlatformImeData* data) {
      placeTextInput(data->WantVisible, data->InputPos.x, data->InputPos.y, data->InputLineHeight,
                     accessibilityMirror().labelOf(ctx->ActiveId));
    };
    ImGui_ImplOpenGL3_Init("#version 300 es");
    observeCanvasResize();
    resize();
    setPageLanguage(std::string(languageTag(translator_.language())));

    // The link's view first, then the person's stored preferences where the
    // link is silent, then the deployment's settings; only then the first load.
    dispatch(act::UrlChanged{facts_.fragment});
    if (facts_.fragment.find("tz=") == std::string::npos && storageGet("timeZone") == std::optional<std::string>("local"))
      dispatch(act::SetTimeZone{TimeZoneMode::Local});
    if (!config_.problems.empty()) dispatch(act::AddNotices{config_.problems});
    if (config_.refreshMs > 0) dispatch(act::SetAutoRefresh{config_.refreshMs});
    dispatch(act::Start{facts_.earlyRequestBody});
    if (store_.state().adoptedRequestId) collectEarlyResponse();
    if (!store_.state().adoptedRequestId || store_.state().page || !store_.state().list.busy())
      releaseFirstFrame();
    else
      emscripten_set_timeout([](void* user) { static_cast<WebApp*>(user)->releaseFirstFrame(); }, kFirstFrameWaitMs, this);
    announceReady();
    return true;
  }

  void dispatch(Action action) {
    const TimeZoneMode zoneBefore = store_.state().timeZone;
    store_.dispatch(std::move(action));
    if (store_.state().timeZone != zoneBefore)
      storageSet("timeZone", store_.state().timeZone == TimeZoneMode::Local ? "local" : "utc");
    requestFrames(kSettleFrames);
  }

  // A command from the page itself (window.BatchTasks); "" when accepted.
  const std::string& command(const char* json) {
    CommandResult r = parseCommand(json);
    commandError_ = r.error;
    if (r.action)
      dispatch(std::move(*r.action));
    else
      dispatch(act::CommandIgnored{r.error});
    return commandError_;
  }

  void embedMessage(const char* origin, const char* json) {
    CommandResult r = parseEmbedMessage(origin, json, config_.allowedOrigins);
    if (r.action)
      dispatch(std::move(*r.action));
    else
      dispatch(act::CommandIgnored{r.error});
  }

  void earlyAnswer(int status, std::string body) {
    releaseFirstFrame();
    const std::uint64_t id = store_.state().adoptedRequestId;
    if (status == 0)
      dispatch(act::TransportFailed{id, body});
    else
      dispatch(act::ResponseArrived{id, status, std::move(body)});
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
    const int width = static_cast<int>(std::lround(cssWidth * ratio));
    const int height = static_cast<int>(std::lround(cssHeight * ratio));
    // Setting a canvas's size, even to the same, reallocates its WebGL buffers.
    int currentWidth = 0, currentHeight = 0;
    emscripten_get_canvas_element_size(kCanvas, &currentWidth, &currentHeight);
    if (width != currentWidth || height != currentHeight) emscripten_set_canvas_element_size(kCanvas, width, height);
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(cssWidth), static_cast<float>(cssHeight));
    io.DisplayFramebufferScale = ImVec2(static_cast<float>(ratio), static_cast<float>(ratio));
    requestFrames(kSettleFrames);
  }

  // A mirrored control was activated (screen reader, keyboard): click its item.
  void activateItem(ImGuiID id) {
    const auto center = accessibilityMirror().centerOf(id);
    if (!center) return;
    ImGuiIO& io = ImGui::GetIO();
    io.AddMouseSourceEvent(ImGuiMouseSource_Mouse);
    io.AddMousePosEvent(center->x, center->y);
    io.AddMouseButtonEvent(ImGuiMouseButton_Left, true);
    io.AddMouseButtonEvent(ImGuiMouseButton_Left, false);
    requestFrames(kSettleFrames + 3);  // the input queue spreads the click over frames
  }

  double framesDrawn() const { return static_cast<double>(framesDrawn_); }
  double systemGlyphsDrawn() const { return static_cast<double>(systemGlyphs_.drawn()); }

  void textTyped(const char* utf8) {
    ImGui::GetIO().AddInputCharactersUTF8(utf8);
    requestFrames(kSettleFrames);
  }

  // The browser's paste event (ImGui cannot read the system clipboard): the
  // field pastes it as its own Ctrl+V, so a selection is replaced and the
  // field's character filter applies. (Typed characters would be dropped:
  // ImGui ignores text while Ctrl is held.)
  void paste(const char* utf8) {
    pasted_ = utf8;
    ImGuiIO& io = ImGui::GetIO();
    io.AddKeyEvent(ImGuiMod_Ctrl, true);
    io.AddKeyEvent(ImGuiKey_V, true);
    io.AddKeyEvent(ImGuiKey_V, false);
    io.AddKeyEvent(ImGuiMod_Ctrl, false);
    requestFrames(kSettleFrames + 4);  // the input queue spreads the four events over frames
  }
  const char* pastedText() const { return pasted_.c_str(); }

  void applyTheme() {
    const bool dark = config_.theme == ThemeChoice::Dark || (config_.theme == ThemeChoice::Auto && prefersDarkScheme());
    bt::applyTheme(ImGui::GetStyle(), dark, prefersMoreContrast());
    reducedMotion_ = prefersReducedMotion();
    clearColor_ = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    requestFrames(kSettleFrames);
  }

 private:
  // ImGui needs a few frames after an input to settle hover and layout.
  static constexpr int kSettleFrames = 3;
  // How long the first frame waits for the first page's answer: a slower
  // answer gets placeholder rows first.
  static constexpr double kFirstFrameWaitMs = 300;
  static constexpr float kUiFontSize = 15.0f;  // CSS pixels

  static AppState initialState() {
    AppState s;
    s.jitterSeed = static_cast<std::uint64_t>(wallClockMs());  // tabs retry at different times
    return s;
  }

  void releaseFirstFrame() {
    if (!holdFirstFrame_) return;
    holdFirstFrame_ = false;
    requestFrames(kSettleFrames);
  }

  void requestFrames(int count) {
    framesWanted_ = std::max(framesWanted_, count);
    if (frameScheduled_ || holdFirstFrame_) return;
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
    ++framesDrawn_;
    // The ratio's media query reports a new screen or zoom; this catches a
    // change it missed (some emulators and embedders send none) at the next frame.
    if (static_cast<float>(devicePixelRatio()) != ImGui::GetIO().DisplayFramebufferScale.x) resize();
    const Millis now = wallClockMs();
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = lastFrameMs_ ? std::clamp(static_cast<float>(now - lastFrameMs_) / 1000.0f, 0.001f, 0.25f)
                                : 1.0f / 60.0f;
    lastFrameMs_ = now;

    ImGui_ImplOpenGL3_NewFrame();
    accessibilityMirror().beginFrame();
    ImGui::NewFrame();
    ViewOutput out = drawTaskTableWidget(store_.state(), view_, ViewContext{now, cachedLocalOffset, &translator_, reducedMotion_});
    ImGui::Render();
    canvasInput_.updateCursor();

    emscripten_webgl_make_context_current(gl_);
    const ImVec2 fb(io.DisplaySize.x * io.DisplayFramebufferScale.x, io.DisplaySize.y * io.DisplayFramebufferScale.y);
    glViewport(0, 0, static_cast<int>(fb.x), static_cast<int>(fb.y));
    glClearColor(clearColor_.x, clearColor_.y, clearColor_.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    if (io.WantSaveIniSettings) {
      storageSet("layout", ImGui::SaveIniSettingsToMemory());
      io.WantSaveIniSettings = false;
    }
    if (framesDrawn_ == 1) firstFrameDrawn();
    if (out.drewRows) markFirstRowsDrawn();
    if (framesDrawn_ == 1 && !shadersLinked()) {
      reportFatal("shaders");  // boot.js says it in the page's language
      return;
    }
    if (std::string mirror = accessibilityMirror().endFrame(); !mirror.empty()) updateControlMirror(mirror);
    if (out.tableText) updateTableMirror(tableTextJson(*out.tableText));
    for (Action& intent : out.intents) dispatch(std::move(intent));

    if (--framesWanted_ > 0)
      requestFrames(framesWanted_);
    else
      scheduleIdleRedraw(out.redrawAfterMs);
  }

  // Idle, nothing moves on screen but clocks ("updated 12 s ago", countdowns):
  // the view says when its text next changes, and only then is a frame drawn.
  void scheduleIdleRedraw(Millis afterMs) {
    if (afterMs <= 0) return;
    const long generation = ++idleGeneration_;
    emscripten_set_timeout(
        [](void* user) {
          auto* ticket = static_cast<std::pair<WebApp*, long>*>(user);
          if (ticket->first->idleGeneration_ == ticket->second) ticket->first->requestFrames(1);
          delete ticket;
        },
        static_cast<double>(afterMs), new std::pair<WebApp*, long>(this, generation));
  }

  PageFacts facts_;
  PageConfig config_;
  Translator translator_;
  BrowserGlyphs systemGlyphs_;  // before the ImGui context that uses it
  EMSCRIPTEN_WEBGL_CONTEXT_HANDLE gl_ = 0;
  Html5Input canvasInput_;
  Html5Input textInput_;
  FetchTransport transport_;
  BrowserTimers timers_;
  BrowserPage page_;
  Store store_;
  TaskTableViewState view_;
  ImVec4 clearColor_{0.96f, 0.96f, 0.97f, 1.0f};
  std::string snapshot_;
  std::uint64_t snapshotVersion_ = 0;
  std::string commandError_;
  std::string pasted_;
  bool frameScheduled_ = false;
  bool holdFirstFrame_ = false;
  int framesWanted_ = 0;
  long idleGeneration_ = 0;
  long long framesDrawn_ = 0;
  bool reducedMotion_ = false;
  Millis lastFrameMs_ = 0;
};


}  // namespace
}  // namespace bt::web

// Entry points for web/boot.js and library_batch_tasks.js.
extern "C" {

// window.BatchTasks.getState(): valid until the next call.
EMSCRIPTEN_KEEPALIVE const char* bt_state_json() {
  return bt::web::theApp ? bt::web::theApp->snapshot().c_str() : "null";
}
// window.BatchTasks.setQuery/refresh/select: "" when accepted, else why not.
EMSCRIPTEN_KEEPALIVE const char* bt_command(const char* json) {
  static const std::string notRunning = "the widget is not running";
  return bt::web::theApp ? bt::web::theApp->command(json).c_str() : notRunning.c_str();
}
EMSCRIPTEN_KEEPALIVE void bt_embed_message(const char* origin, const char* json) {
  if (bt::web::theApp) bt::web::theApp->embedMessage(origin, json);
}
EMSCRIPTEN_KEEPALIVE void bt_url_changed(const char* fragment) {
  if (bt::web::theApp) bt::web::theApp->dispatch(bt::act::UrlChanged{fragment});
}
EMSCRIPTEN_KEEPALIVE void bt_visibility_changed(int visible) {
  if (bt::web::theApp) bt::web::theApp->dispatch(bt::act::PageVisibilityChanged{visible != 0});
}
EMSCRIPTEN_KEEPALIVE void bt_color_scheme_changed() {
  if (bt::web::theApp) bt::web::theApp->applyTheme();
}
EMSCRIPTEN_KEEPALIVE void bt_text_input(const char* utf8) {
  if (bt::web::theApp) bt::web::theApp->textTyped(utf8);
}
EMSCRIPTEN_KEEPALIVE void bt_paste(const char* utf8) {
  if (bt::web::theApp) bt::web::theApp->paste(utf8);
}
// window.BatchTasks.diagnostics(): the wasm heap's size and the frames drawn.
EMSCRIPTEN_KEEPALIVE double bt_heap_bytes() { return static_cast<double>(emscripten_get_heap_size()); }
// Bytes malloc has handed out and not had back: what a leak would grow.
EMSCRIPTEN_KEEPALIVE double bt_allocated_bytes() { return static_cast<double>(mallinfo().uordblks); }
EMSCRIPTEN_KEEPALIVE double bt_frames_drawn() { return bt::web::theApp ? bt::web::theApp->framesDrawn() : 0; }
EMSCRIPTEN_KEEPALIVE double bt_system_glyphs() { return bt::web::theApp ? bt::web::theApp->systemGlyphsDrawn() : 0; }
EMSCRIPTEN_KEEPALIVE void bt_activate_item(unsigned id) {
  if (bt::web::theApp) bt::web::theApp->activateItem(id);
}
EMSCRIPTEN_KEEPALIVE void bt_canvas_resized() {
  if (bt::web::theApp) bt::web::theApp->resize();
}
EMSCRIPTEN_KEEPALIVE void bt_early_response(int status, const char* body, int length) {
  if (bt::web::theApp) bt::web::theApp->earlyAnswer(status, std::string(body, static_cast<std::size_t>(length)));
}
EMSCRIPTEN_KEEPALIVE void bt_early_failed(const char* reason) {
  if (bt::web::theApp) bt::web::theApp->earlyAnswer(0, reason);
}

}

int main() {
  static bt::web::WebApp app;
  bt::web::theApp = &app;
  if (!app.start()) {
    bt::web::reportFatal("webgl2");  // boot.js says it in the page's language
    return 1;
  }
  // Everything from here on is driven by events.
  emscripten_exit_with_live_runtime();
  return 0;
}
