// The parts of the widget, each drawn by its own file: the toolbar and its
// banners (toolbar.cpp), the filters (filter_bar.cpp), the table
// (task_table.cpp), the paging bar (paging_bar.cpp), the detail panel
// (detail_panel.cpp) and the keyboard shortcuts (toolbar.cpp).
#pragma once
#include "view/frame.hpp"

namespace bt::view {

void drawToolbar(Frame& f);
void drawBanners(Frame& f);
void drawFilterBar(Frame& f);
void drawTable(Frame& f, float height);
void drawPagingBar(Frame& f);
void drawDetailPanel(Frame& f);
void handleShortcuts(Frame& f);

}  // namespace bt::view
