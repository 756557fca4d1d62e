#include "runner.hpp"

#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui_internal.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "accessibility.hpp"
#include "model/command.hpp"
#include "model/snapshot.hpp"
#include "platform_hooks.hpp"
#include "view/theme.hpp"
#include "view/ui_font.hpp"

namespace bt::web {
namespace {

constexpr const char* kCanvas = "#batch-tasks-canvas";
constexpr const char* kTextInput = "#batch-tasks-text-input";
constexpr int kSettleFrames = FramePacer::kSettleFrames;
// How long the first frame waits for the first page's answer: a slower
// answer gets placeholder rows first.
constexpr Millis kFirstFrameWaitMs = 300;
constexpr float kUiFontSize = 15.0f;  // CSS pixels

Millis wallClockMs() { return static_cast<Millis>(emscripten_date_now()); }

// The time zone saved by fx::SavePreference on an earlier visit, if any.
std::optional<TimeZoneMode> storedTimeZone() {
  const std::optional<std::string> saved = storageGet("timeZone");
  if (saved == std::optional<std::string>("local")) return TimeZoneMode::Local;
  if (saved == std::optional<std::string>("utc")) return TimeZoneMode::Utc;
  return std::nullopt;
}

AppState initialState(const DeploymentConfig& config) {
  AppState s;
  s.jitterSeed = static_cast<std::uint64_t>(wallClockMs());  // tabs retry at different times
  s.stallMs = config.stallMs;
  s.lookKey = lastLookKey(config.endpoint);
  return s;
}

std::string tableTextJson(const TableText& t) {
  return nlohmann::json{{"caption", t.caption},        {"headers", t.headers}, {"rows", t.rows},
                        {"batchIds", t.batchIds},      {"selected", t.selectedBatchId},
                        {"actionsHeader", t.actionsHeader}, {"actions", t.actions}}
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string timelineTextJson(const TimelineText& t) {
  return nlohmann::json{{"shown", t.shown},       {"caption", t.caption}, {"items", t.items},
                        {"batchIds", t.batchIds}, {"actions", t.actions}, {"selected", t.selectedBatchId}}
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Local offsets change with daylight saving; one answer per hour is plenty.
int cachedLocalOffset(UnixSeconds t) {
  static std::map<UnixSeconds, int> byHour;
  const UnixSeconds hour = t / 3600;
  if (auto it = byHour.find(hour); it != byHour.end()) return it->second;
  if (byHour.size() > 4096) byHour.clear();
  return byHour[hour] = localOffsetMinutesAt(static_cast<double>(hour * 3600));
}

}  // namespace

Runner::Runner()
    : facts_(readHostFacts()),
      config_(parseDeploymentConfig(facts_.queryString, facts_.allowedEndpoints)),
      translator_(languageFromTag(config_.lang.empty() ? facts_.browserLanguage : config_.lang)),
      renderer_(kCanvas),
      pump_([this] { return drawFrame(); }, wallClockMs),
      canvasInput_(kCanvas, [this] { requestFrames(kSettleFrames); }, true),
      textInput_(kTextInput, [this] { requestFrames(kSettleFrames); }, false),
      transport_(config_.endpoint, serviceConfigUrl(config_.endpoint), [this](Action a) { dispatch(std::move(a)); }),
      timers_([this](Action a) { dispatch(std::move(a)); }),
      page_(config_.parentOrigin, translator_),
      store_(transport_, timers_, page_, wallClockMs, initialState(config_)) {}

bool Runner::start() {
  // The first page's answer may be on its way (the shell asked for it). A
  // first frame drawn before it would only show placeholders, and while it
  // is drawn the browser holds the answer back: the first frame waits for
  // the answer, for kFirstFrameWaitMs at most (see the end of start()).
  pump_.holdFirstFrame();
  if (!renderer_.createContext()) return false;

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
  installPlatformHooks();
  renderer_.initImGuiBackend();
  observeCanvasResize();
  resize();
  setPageLanguage(std::string(languageTag(translator_.language())));

  // The link's view first, then the person's stored preferences where the
  // link is silent, then the deployment's settings; only then the first load.
  dispatch(act::UrlChanged{facts_.fragment});
  dispatch(act::RestorePreferences{storedTimeZone(), storageGet(store_.state().lookKey).value_or("")});
  dispatch(act::NotificationPermissionIs{notificationPermission()});
  if (!config_.problems.empty()) dispatch(act::AddNotices{config_.problems});
  if (config_.refreshMs > 0) dispatch(act::SetAutoRefresh{config_.refreshMs});
  dispatch(act::Start{facts_.earlyRequestBody});
  if (store_.state().adoptedRequestId) collectEarlyResponse();
  if (!store_.state().adoptedRequestId || store_.state().page || !store_.state().list.busy())
    pump_.releaseFirstFrame();
  else
    pump_.holdAtMostFor(kFirstFrameWaitMs);
  announceReady();
  return true;
}

void Runner::dispatch(Action action) {
  store_.dispatch(std::move(action));
  requestFrames(kSettleFrames);
}

const std::string& Runner::command(const char* json) {
  CommandResult r = parseCommand(json, servedRegions());
  commandError_ = r.error;
  if (r.action)
    dispatch(std::move(*r.action));
  else
    dispatch(act::CommandIgnored{r.error});
  return commandError_;
}

void Runner::embedMessage(const char* origin, const char* json) {
  CommandResult r = parseEmbedMessage(origin, json, config_.allowedOrigins, servedRegions());
  if (r.action)
    dispatch(std::move(*r.action));
  else
    dispatch(act::CommandIgnored{r.error});
}

const std::vector<std::string>& Runner::servedRegions() const {
  static const std::vector<std::string> unknown;
  return store_.state().service ? store_.state().service->regions : unknown;
}

void Runner::earlyAnswer(int status, std::string body, std::string age, std::string stale) {
  pump_.releaseFirstFrame();
  const std::uint64_t id = store_.state().adoptedRequestId;
  if (status == 0)
    dispatch(act::TransportFailed{id, body});
  else
    dispatch(act::ResponseArrived{id, status, std::move(body), std::move(age), std::move(stale)});
}

const std::string& Runner::snapshot() {
  if (snapshotVersion_ != store_.version() || snapshot_.empty()) {
    snapshot_ = stateSnapshotJson(store_.state());
    snapshotVersion_ = store_.version();
  }
  return snapshot_;
}

void Runner::resize() {
  renderer_.fitCanvas();
  requestFrames(kSettleFrames);
}

void Runner::applyTheme() {
  const bool dark = config_.theme == ThemeChoice::Dark || (config_.theme == ThemeChoice::Auto && prefersDarkScheme());
  bt::applyTheme(ImGui::GetStyle(), dark, prefersMoreContrast());
  reducedMotion_ = prefersReducedMotion();
  clearColor_ = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  requestFrames(kSettleFrames);
}

void Runner::textTyped(const char* utf8) { requestFrames(typeText(utf8)); }
void Runner::paste(const char* utf8) { requestFrames(pasteText(utf8)); }
void Runner::activateItem(ImGuiID id) { requestFrames(activateMirroredItem(id)); }

void Runner::requestFrames(int count) {
  if (count > 0) pump_.request(count);
}

std::optional<Millis> Runner::drawFrame() {
  const double startedMs = emscripten_get_now();  // the frame's main-thread time, for diagnostics().frameMs
  ++framesDrawn_;
  // The ratio's media query reports a new screen or zoom; this catches a
  // change it missed (some emulators and embedders send none) at the next frame.
  if (renderer_.pixelRatioChanged()) resize();
  const Millis now = wallClockMs();
  ImGuiIO& io = ImGui::GetIO();
  io.DeltaTime = lastFrameMs_ ? std::clamp(static_cast<float>(now - lastFrameMs_) / 1000.0f, 0.001f, 0.25f)
                              : 1.0f / 60.0f;
  lastFrameMs_ = now;

  renderer_.newFrame();
  accessibilityMirror().beginFrame();
  ImGui::NewFrame();
  ViewOutput out = drawWidget(store_.state(), view_, ViewContext{now, cachedLocalOffset, &translator_, reducedMotion_});
  ImGui::Render();
  canvasInput_.updateCursor();
  renderer_.render(clearColor_);

  if (io.WantSaveIniSettings) {
    storageSet("layout", ImGui::SaveIniSettingsToMemory());
    io.WantSaveIniSettings = false;
  }
  if (framesDrawn_ == 1) firstFrameDrawn();
  if (out.drewRows) markFirstRowsDrawn();
  if (framesDrawn_ == 1 && !shadersLinked()) {
    reportFatal("shaders");  // boot.js says it in the page's language
    return std::nullopt;
  }
  if (std::string mirror = accessibilityMirror().endFrame(); !mirror.empty()) updateControlMirror(mirror);
  if (out.tableText) updateTableMirror(tableTextJson(*out.tableText));
  if (out.timelineText) updateTimelineMirror(timelineTextJson(*out.timelineText));
  frameTimes_.add(emscripten_get_now() - startedMs);
  for (Action& intent : out.intents) dispatch(std::move(intent));
  // ImGui spreads fast input over frames (a key and its character per frame):
  // while some is still queued, draw on, or typing faster than the frames
  // asked for leaves characters waiting until the next event.
  if (!ImGui::GetCurrentContext()->InputEventsQueue.empty()) requestFrames(kSettleFrames);
  return out.redrawAfterMs;
}

}  // namespace bt::web
