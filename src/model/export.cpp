#include "model/export.hpp"

#include <nlohmann/json.hpp>

#include "model/time.hpp"

namespace bt {
namespace {

constexpr const char* kColumns[] = {"BatchId", "TaskName", "TaskType", "Status", "TotalCount",
                                    "SuccessCount", "TaskBegin", "TaskEnd"};

std::vector<std::string> fields(const BatchTask& t) {
  return {t.batchId, t.taskName, t.taskType, t.status, std::to_string(t.totalCount),
          std::to_string(t.successCount), t.taskBegin.raw, t.taskEnd.raw};
}

}  // namespace

std::string csvCell(std::string_view text) {
  std::string cell(text);
  if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' ||
                        cell[0] == '\t' || cell[0] == '\r'))
    cell.insert(0, 1, '\'');
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string exportCsv(const std::vector<BatchTask>& rows) {
  std::string out = "\xEF\xBB\xBF";
  for (std::size_t i = 0; i < std::size(kColumns); ++i) out += (i ? "," : "") + std::string(kColumns[i]);
  out += "\r\n";
  for (const BatchTask& row : rows) {
    const auto values = fields(row);
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i) out += ',';
      // Counts are numbers the widget wrote itself: no neutralising of a minus sign.
      out += (i == 4 || i == 5) ? values[i] : csvCell(values[i]);
    }
    out += "\r\n";
  }
  return out;
}

std::string exportJson(const std::vector<BatchTask>& rows) {
  nlohmann::json doc = nlohmann::json::array();
  for (const BatchTask& t : rows)
    doc.push_back({{"BatchId", t.batchId}, {"TaskName", t.taskName}, {"TaskType", t.taskType},
                   {"Status", t.status}, {"TotalCount", t.totalCount}, {"SuccessCount", t.successCount},
                   {"TaskBegin", t.taskBegin.raw}, {"TaskEnd", t.taskEnd.raw}});
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string exportRows(const std::vector<BatchTask>& rows, ExportFormat format) {
  return format == ExportFormat::Csv ? exportCsv(rows) : exportJson(rows);
}

std::string exportFileName(ExportFormat format, long long nowMs) {
  std::string stamp = formatIsoUtc(nowMs / 1000);
  std::erase(stamp, ':');
  return "batch-tasks-" + stamp + (format == ExportFormat::Csv ? ".csv" : ".json");
}

std::string_view exportMimeType(ExportFormat format) {
  return format == ExportFormat::Csv ? "text/csv;charset=utf-8" : "application/json";
}

std::string rowAsText(const BatchTask& row) {
  std::string out;
  for (const std::string& v : fields(row)) {
    if (!out.empty()) out += '\t';
    for (char c : v) out += (c == '\t' || c == '\n' || c == '\r') ? ' ' : c;
  }
  return out;
}

}  // namespace bt
