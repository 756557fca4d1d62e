// ImGui's platform side beyond html5_input.hpp: the text that comes from the
// page rather than from key events, the clipboard, the IME's caret, and clicks
// that come from the accessibility mirror.
//
// Implemented features:
//  [X] Text from the hidden DOM input: IMEs and on-screen keyboards.
//  [X] Paste: the browser's paste event pasted as the field's own Ctrl+V (a
//      selection is replaced, the field's character filter applies).
//  [X] Copy: ImGui's clipboard writes go to the system clipboard.
//  [X] The hidden input placed at ImGui's text caret, named as the field edited.
//  [X] A mirrored control activated (screen reader, keyboard) clicks its item.
//  [ ] Reading the system clipboard on demand: browsers allow it only in a paste event.
#pragma once
#include <imgui.h>

namespace bt::web {

// Sets ImGui's clipboard and IME hooks; once ImGui's context exists.
void installPlatformHooks();

// Each queues its input for ImGui and returns how many frames ImGui needs to
// see it through (0: nothing was queued).
int typeText(const char* utf8);
int pasteText(const char* utf8);
int activateMirroredItem(ImGuiID id);

}  // namespace bt::web
