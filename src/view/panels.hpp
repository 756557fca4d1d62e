// The parts of the widget, each drawn by its own file: the toolbar and its
// banners (toolbar.cpp), the filters (filter_bar.cpp), "since you last
// looked" (digest_line.cpp), the table (task_table.cpp), the paging bar (paging_bar.cpp), the detail panel
// (detail_panel.cpp), the timeline (timeline_view.cpp) and the keyboard
// shortcuts (toolbar.cpp).
#pragma once
#include "view/frame.hpp"

namespace bt::view {

void drawToolbar(Frame& f);
void drawBanners(Frame& f);
void drawFilterBar(Frame& f);
// The find field, a BatchId or text (find_field.cpp); at the end of the filter bar.
void drawFindField(Frame& f);
void drawTable(Frame& f, float height);
// Every batch of the filters as a bar in time (timeline_view.cpp), in place of the table.
void drawTimeline(Frame& f, float height);
// Says the timeline's list is gone, once, when the table is shown instead.
void leaveTimeline(Frame& f);
// Above the table: what the table leaves out while it shows only stalled batches.
void drawStalledOnlyLine(Frame& f);
// "Since 14:02: 2 failed · 3 completed · 1 new", when the model has a digest.
void drawDigestLine(Frame& f);
void drawPagingBar(Frame& f);
void drawDetailPanel(Frame& f);
void handleShortcuts(Frame& f);

}  // namespace bt::view
