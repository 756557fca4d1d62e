// Rows as files a person takes elsewhere: CSV for spreadsheets, JSON for tools.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "model/batch_task.hpp"

namespace bt {

enum class ExportFormat { Csv, Json };

// An export of every page stops here: 100 pages of 100 rows. Larger sets are
// better taken from the API directly than through a browser tab.
inline constexpr std::size_t kMaxExportRows = 10'000;

// RFC 4180 CSV with a header row, CRLF line ends and a UTF-8 byte-order mark
// (so spreadsheet programs read Chinese names right). A cell that begins with
// = + - @, a tab or a carriage return gets a leading apostrophe, so a
// spreadsheet shows it as text instead of running it as a formula.
std::string exportCsv(const std::vector<BatchTask>& rows);
// A JSON array of objects with the API's own field names and time strings.
std::string exportJson(const std::vector<BatchTask>& rows);
std::string exportRows(const std::vector<BatchTask>& rows, ExportFormat format);

// "batch-tasks-2026-04-06T205144Z.csv"
std::string exportFileName(ExportFormat format, long long nowMs);
std::string_view exportMimeType(ExportFormat format);

// One CSV cell, quoted and neutralised as above.
std::string csvCell(std::string_view text);
// One row as tab-separated text, for the clipboard.
std::string rowAsText(const BatchTask& row);

}  // namespace bt
