// The C++ side of library_batch_tasks.js: the few browser facilities that
// html5.h does not offer.
#pragma once
#include <string>

namespace bt::web {

struct PageConfig {
  std::string endpoint;  // the API URL; relative URLs resolve against the page
};

PageConfig readPageConfig();
void announceReady();        // resolves window.BatchTasks.ready
void markFirstRowsDrawn();   // performance.mark('batch-tasks:first-rows'), once
void setCursor(const char* cssCursor);
void observeCanvasResize();  // calls bt_canvas_resized() when the canvas's box changes
double devicePixelRatio();
void reportFatal(const char* message);  // the page shows it instead of a blank canvas

}  // namespace bt::web
