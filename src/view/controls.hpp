// The small controls every part of the view draws with: elided text, status
// badges, progress bars, chips, and the labels ImGui's item hooks need.
#pragma once
#include <imgui.h>

#include <string>

#include "view/frame.hpp"

namespace bt::view {

// Text that fits the space left on the line, with an ellipsis when cut; the
// full text shows on hover. Returns whether it was cut.
bool elidedText(const std::string& text, float width = -1.0f);
// Status as icon, colour and text; the text elided to `textWidth` if given.
void statusBadge(const Frame& f, const std::string& status, float textWidth = -1.0f);
// SuccessCount of TotalCount as a bar; the failed remainder in red once the
// batch ended; the hover says when a running one should end, if known.
void progressBar(const Frame& f, const BatchTask& t, float width, const std::optional<Eta>& eta = std::nullopt);
// "ends about 14:32 (14:20–14:45)", in the person's language and time zone.
std::string etaText(const Frame& f, const Eta& eta);
// A duration for a batch, in the person's language: fixed once ended,
// counting up while it runs.
std::string batchDuration(const Frame& f, const BatchTask& t);
// Names the last item for ImGui's item hooks where ImGui itself does not
// (combos, table headers), so tests and the accessibility layer can find it.
void labelLastItem(const char* label, int extraStatusFlags = 0);
// Status flags for labelLastItem (ImGui's internal item status flags).
int textFieldFlags();
int comboFlags(bool open);
int toggleFlags(bool on);  // a control that is on or off: a checkbox to screen readers
// A combo named for the hooks; while open, ImGui's last item is its popup, so
// the name goes to the combo's own id.
bool labelledCombo(const char* id, const char* preview, const char* name);
// A table's header row with every header named as above.
void labelledHeadersRow();
// Puts the next item, `width` wide, on this line if it fits, else on a new
// line: the bars wrap instead of running off a narrow (or 200%-zoomed) widget.
void flowNext(float width, float spacing = -1.0f);
float buttonWidth(const char* label);
// A small labelled chip button; `active` fills it.
bool chip(const char* label, bool active, const Palette& p);
// A small tag beside a row's text ("new"), outlined in `colour`; hover shows `tooltip`.
void tag(const char* text, const ImVec4& colour, const char* tooltip);
float tagWidth(const char* text);
// A bell, for notification toggles, centred at `center` within a square of side `size`.
void drawBell(ImDrawList* drawList, ImVec2 center, float size, ImU32 colour);

}  // namespace bt::view
