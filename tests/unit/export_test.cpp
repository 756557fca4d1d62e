#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "model/app.hpp"
#include "model/export.hpp"

using namespace bt;

namespace {
BatchTask row(std::string id, std::string name, std::int64_t total = 8, std::int64_t success = 4) {
  BatchTask t;
  t.batchId = std::move(id);
  t.taskName = std::move(name);
  t.taskType = "polarclaw_install_skills";
  t.status = "RUNNING";
  t.totalCount = total;
  t.successCount = success;
  t.taskBegin = {"2026-04-06 20:51:44", parseApiTime("2026-04-06T20:51:44Z")};
  return t;
}
}  // namespace

TEST_CASE("CSV cells that a spreadsheet would run as formulas are neutralised") {
  CHECK(csvCell("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
  CHECK(csvCell("+1") == "'+1");
  CHECK(csvCell("-2") == "'-2");
  CHECK(csvCell("@SUM(A1)") == "'@SUM(A1)");
  CHECK(csvCell("\tx") == "'\tx");
  CHECK(csvCell("\rx") == "\"'\rx\"");
  CHECK(csvCell("plain") == "plain");
  CHECK(csvCell("a,b") == "\"a,b\"");
  CHECK(csvCell("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csvCell("line\nbreak") == "\"line\nbreak\"");
  CHECK(csvCell("a=b") == "a=b");  // only a leading sign is dangerous
}

TEST_CASE("a CSV export has a BOM, a header, CRLF rows and numbers left as numbers") {
  const std::string csv = exportCsv({row("pcb-1", "安装 skills"), row("pcb-2", "=cmd|' /C calc'!A0", -3, 1)});
  CHECK(csv == "\xEF\xBB\xBF" "BatchId,TaskName,TaskType,Status,TotalCount,SuccessCount,TaskBegin,TaskEnd\r\n"
               "pcb-1,安装 skills,polarclaw_install_skills,RUNNING,8,4,2026-04-06 20:51:44,\r\n"
               "pcb-2,'=cmd|' /C calc'!A0,polarclaw_install_skills,RUNNING,-3,1,2026-04-06 20:51:44,\r\n");
}

TEST_CASE("a JSON export keeps the API's names and values, text included as it came") {
  const auto doc = nlohmann::json::parse(exportJson({row("pcb-1", "<script>alert(1)</script>")}));
  REQUIRE(doc.size() == 1);
  CHECK(doc[0]["TaskName"] == "<script>alert(1)</script>");
  CHECK(doc[0]["TotalCount"] == 8);
  CHECK(doc[0]["TaskEnd"] == "");
}

TEST_CASE("file names and types") {
  CHECK(exportFileName(ExportFormat::Csv, 1775508704000) == "batch-tasks-2026-04-06T205144Z.csv");
  CHECK(exportFileName(ExportFormat::Json, 1775508704000) == "batch-tasks-2026-04-06T205144Z.json");
  CHECK(exportMimeType(ExportFormat::Csv) == "text/csv;charset=utf-8");
  CHECK(rowAsText(row("a", "x\ty")) == "a\tx y\tpolarclaw_install_skills\tRUNNING\t8\t4\t2026-04-06 20:51:44\t");
}

namespace {
struct ExportRig {
  AppState s;
  std::vector<Effect> fx;
  void go(const Action& a, Millis now = 0) {
    Step step = update(std::move(s), a, now);
    s = std::move(step.state);
    fx = std::move(step.effects);
  }
  template <class T>
  std::vector<T> all() const {
    std::vector<T> out;
    for (const Effect& e : fx)
      if (auto* v = std::get_if<T>(&e)) out.push_back(*v);
    return out;
  }
  static std::string page(int rows, long long total, int first) {
    std::string tasks;
    for (int i = 0; i < rows; ++i)
      tasks += std::string(i ? "," : "") + R"({"BatchId":"b)" + std::to_string(first + i) + R"("})";
    return R"({"TotalCount":)" + std::to_string(total) + R"(,"TaskList":[)" + tasks + "]}";
  }
};
}  // namespace

TEST_CASE("exporting every page fetches them one at a time, politely, and hands over one file") {
  ExportRig r;
  r.go(act::Start{});
  r.go(act::ToggleStatus{TaskStatus::Failed});
  r.go(act::ResponseArrived{r.all<fx::SendRequest>().at(0).requestId, 200, ExportRig::page(30, 250, 0)});
  r.go(act::StartExport{ExportFormat::Csv, true});
  for (int pageNumber = 1; pageNumber <= 3; ++pageNumber) {
    CAPTURE(pageNumber);
    const auto send = r.all<fx::SendRequest>().at(0);
    CHECK(send.channel == Channel::Export);
    const WireParams expected = [&] {
      TaskQuery q;
      q.statuses = {TaskStatus::Failed};
      q.pageSize = 100;
      q.pageNumber = pageNumber;
      return describeBatchTasksParams(q);
    }();
    CHECK(send.params == expected);
    r.go(act::ResponseArrived{send.requestId, 200, ExportRig::page(pageNumber < 3 ? 100 : 50, 250, (pageNumber - 1) * 100)});
    if (pageNumber < 3) {
      const auto pause = r.all<fx::StartTimer>().at(0);
      CHECK(pause.timer.kind == TimerKind::ExportNextPage);
      CHECK(pause.delayMs == kExportPagePauseMs);
      REQUIRE(r.s.exportJob);
      CHECK(r.s.exportJob->rows.size() == static_cast<std::size_t>(pageNumber * 100));
      CHECK(r.s.exportJob->totalPages == 3);
      r.go(act::TimerFired{pause.timer});
    }
  }
  const auto files = r.all<fx::Download>();
  REQUIRE(files.size() == 1);
  CHECK(files[0].fileName.ends_with(".csv"));
  CHECK(std::count(files[0].content.begin(), files[0].content.end(), '\n') == 251);
  CHECK_FALSE(r.s.exportJob.has_value());
  CHECK(r.s.page->tasks.size() == 30);  // the table was not touched
}

TEST_CASE("a cancelled export ignores the answer in flight and downloads nothing") {
  ExportRig r;
  r.go(act::Start{});
  r.go(act::StartExport{ExportFormat::Json, true});
  const auto send = r.all<fx::SendRequest>().at(0);
  r.go(act::CancelExport{});
  r.go(act::ResponseArrived{send.requestId, 200, ExportRig::page(10, 10, 0)});
  CHECK(r.all<fx::Download>().empty());
  CHECK_FALSE(r.s.exportJob.has_value());
}

TEST_CASE("an export stops at the row cap with a notice, and a failed export says why") {
  ExportRig r;
  r.go(act::Start{});
  r.go(act::StartExport{ExportFormat::Csv, true});
  const long long huge = 1'000'000;
  for (int i = 0; i < 200 && r.s.exportJob; ++i) {
    r.go(act::ResponseArrived{r.all<fx::SendRequest>().at(0).requestId, 200, ExportRig::page(100, huge, i * 100)});
    if (auto timers = r.all<fx::StartTimer>(); !timers.empty()) r.go(act::TimerFired{timers[0].timer});
  }
  const auto files = r.all<fx::Download>();
  REQUIRE(files.size() == 1);
  CHECK(std::count(files[0].content.begin(), files[0].content.end(), '\n') == static_cast<long>(kMaxExportRows + 1));
  REQUIRE_FALSE(r.s.notices.empty());
  CHECK(englishText(r.s.notices.back()).find("first 10,000 of 1,000,000 rows") != std::string::npos);

  ExportRig failing;
  failing.go(act::Start{});
  failing.go(act::StartExport{ExportFormat::Csv, true});
  failing.go(act::ResponseArrived{failing.all<fx::SendRequest>().at(0).requestId, 403, R"({"Code":"Forbidden.RAM","Message":"denied"})"});
  CHECK_FALSE(failing.s.exportJob.has_value());
  CHECK(englishText(failing.s.notices.back()) == "The export stopped: denied");
}

TEST_CASE("exporting the page on screen is immediate") {
  ExportRig r;
  r.go(act::Start{});
  r.go(act::ResponseArrived{r.all<fx::SendRequest>().at(0).requestId, 200, ExportRig::page(3, 3, 0)});
  r.go(act::StartExport{ExportFormat::Json, false});
  const auto files = r.all<fx::Download>();
  REQUIRE(files.size() == 1);
  CHECK(nlohmann::json::parse(files[0].content).size() == 3);
  CHECK(r.all<fx::SendRequest>().empty());
}
