#include <imgui.h>

#include "model/time.hpp"
#include "view/frame.hpp"

namespace bt::view {

void Frame::copy(const std::string& text, const std::string& confirmation) {
  ImGui::SetClipboardText(text.c_str());
  v.toast = confirmation;
  v.toastUntilMs = ctx.now + 2000;
}

std::string Frame::displayTime(const ApiTime& t) const {
  if (!t.at) return t.raw;
  const int offset = s.timeZone == TimeZoneMode::Local ? ctx.localOffsetMinutes(*t.at) : 0;
  return formatDisplayTime(*t.at, offset);
}

}  // namespace bt::view
