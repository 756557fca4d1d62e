#include <doctest/doctest.h>

#include <string>

#include "model/response_parser.hpp"

using namespace bt;

namespace {
// By value: the results are temporaries.
TaskPage pageOf(const PageResult& r) {
  REQUIRE(std::holds_alternative<TaskPage>(r));
  return std::get<TaskPage>(r);
}
ApiError errorOf(const PageResult& r) {
  REQUIRE(std::holds_alternative<ApiError>(r));
  return std::get<ApiError>(r);
}
}  // namespace

// Verbatim from the API page: TotalCount says 6 while one task is listed.
constexpr const char* kDocExample = R"({
  "RequestId": "925B84D9-CA72-432C-95CF-738C22******",
  "TaskList": [
    {
      "BatchId": "pcb-xxx",
      "TaskName": "batch_task_test",
      "TaskType": "polarclaw_install_skills",
      "Status": "RUNNING",
      "TotalCount": 8,
      "SuccessCount": 4,
      "TaskBegin": "2026-04-06 20:51:44",
      "TaskEnd": "2026-04-06 22:43:26"
    }
  ],
  "TotalCount": 6,
  "PageSize": 30,
  "PageNumber": 1
})";

TEST_CASE("the documentation's example parses field by field") {
  const TaskPage p = pageOf(parseDescribeBatchTasks(200, kDocExample));
  CHECK(p.requestId == "925B84D9-CA72-432C-95CF-738C22******");
  CHECK(p.totalCount == 6);
  CHECK(p.pageSize == 30);
  CHECK(p.pageNumber == 1);
  REQUIRE(p.tasks.size() == 1);
  const BatchTask& t = p.tasks[0];
  CHECK(t.batchId == "pcb-xxx");
  CHECK(t.taskName == "batch_task_test");
  CHECK(t.taskType == "polarclaw_install_skills");
  CHECK(t.status == "RUNNING");
  CHECK(t.totalCount == 8);
  CHECK(t.successCount == 4);
  CHECK(t.taskBegin.raw == "2026-04-06 20:51:44");
  CHECK(t.taskBegin.at == parseApiTime("2026-04-06T20:51:44Z"));
  CHECK(t.taskEnd.at == parseApiTime("2026-04-06T22:43:26Z"));
  CHECK(t.finished());
  CHECK_FALSE(t.endsBeforeBegin());
  CHECK(p.warnings.empty());
}

TEST_CASE("numbers arrive as numbers or as numeric strings") {
  const TaskPage p = pageOf(parseDescribeBatchTasks(200, R"({"TaskList":[
      {"BatchId":"a","TotalCount":"8","SuccessCount":" 4 "},
      {"BatchId":"b","TotalCount":8.0,"SuccessCount":"x"}],
    "TotalCount":"1234","PageSize":"50","PageNumber":"3"})"));
  CHECK(p.totalCount == 1234);
  CHECK(p.pageSize == 50);
  CHECK(p.pageNumber == 3);
  CHECK(p.tasks[0].totalCount == 8);
  CHECK(p.tasks[0].successCount == 4);
  CHECK(p.tasks[1].totalCount == 8);
  CHECK(p.tasks[1].successCount == 0);
  REQUIRE(p.warnings.size() == 1);
  CHECK(p.warnings[0].find("TaskList[1].SuccessCount is not a number") == 0);
}

TEST_CASE("missing and null fields are empty, not errors") {
  const TaskPage p = pageOf(parseDescribeBatchTasks(200, R"({"TaskList":[{"BatchId":"a","TaskName":null,"TaskEnd":""}],"TotalCount":1})"));
  const BatchTask& t = p.tasks.at(0);
  CHECK(t.taskName.empty());
  CHECK(t.status.empty());
  CHECK(t.totalCount == 0);
  CHECK_FALSE(t.finished());  // empty TaskEnd: not finished
  CHECK_FALSE(t.taskBegin.at.has_value());
  CHECK(p.pageSize == 0);  // not echoed: the request's own value is used later
}

TEST_CASE("unknown statuses and task types are kept as they came") {
  const TaskPage p = pageOf(parseDescribeBatchTasks(200, R"({"TaskList":[{"BatchId":"a","Status":"PAUSED_BY_OPS","TaskType":"polarclaw_new_thing"}],"TotalCount":1})"));
  CHECK(p.tasks[0].status == "PAUSED_BY_OPS");
  CHECK(p.tasks[0].taskType == "polarclaw_new_thing");
}

TEST_CASE("impossible counts and times are kept, flagged and clamped for display") {
  const TaskPage p = pageOf(parseDescribeBatchTasks(200, R"({"TaskList":[
      {"BatchId":"a","TotalCount":4,"SuccessCount":9,"TaskBegin":"2026-04-06 22:00:00","TaskEnd":"2026-04-06 20:00:00"},
      {"BatchId":"b","TotalCount":-3,"SuccessCount":-1,"TaskBegin":"not a time"}],"TotalCount":2})"));
  const BatchTask& a = p.tasks[0];
  CHECK(a.successCount == 9);
  CHECK(a.countsInconsistent());
  CHECK(a.displaySuccess() == 4);
  CHECK(a.endsBeforeBegin());
  const BatchTask& b = p.tasks[1];
  CHECK(b.displayTotal() == 0);
  CHECK(b.displaySuccess() == 0);
  CHECK(b.taskBegin.raw == "not a time");
  CHECK_FALSE(b.taskBegin.at.has_value());
  CHECK(p.warnings.size() == 4);
}

TEST_CASE("odd list entries are skipped with a warning, a null TaskList is empty") {
  const TaskPage p = pageOf(parseDescribeBatchTasks(200, R"({"TaskList":[1,{"BatchId":"a"},"x"],"TotalCount":3})"));
  CHECK(p.tasks.size() == 1);
  CHECK(p.warnings.size() == 2);
  CHECK(pageOf(parseDescribeBatchTasks(200, R"({"TaskList":null,"TotalCount":0})")).tasks.empty());
  const TaskPage noTotal = pageOf(parseDescribeBatchTasks(200, R"({"TaskList":[]})"));
  CHECK(noTotal.totalCount == -1);
}

TEST_CASE("the error envelope is read whole and classified") {
  struct Case { int status; const char* code; bool retryable; };
  const Case cases[] = {
      {400, "Throttling", true},        {400, "Throttling.User", true},
      {503, "ServiceUnavailable", true}, {500, "InternalError", true},
      {400, "InvalidParameter", false}, {400, "MissingParameter", false},
      {400, "IncompleteSignature", false}, {403, "Forbidden.RAM", false},
      {403, "InvalidAction", false},    {404, "InvalidAccessKeyId.NotFound", false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.code);
    const std::string body = std::string(R"({"RequestId":"R-1","HostId":"polardb.aliyuncs.com","Code":")") +
                             c.code + R"(","Message":"Specified signature does not match our calculation.","Recommend":"https://api.aliyun.com/troubleshoot?q=X"})";
    const ApiError e = errorOf(parseDescribeBatchTasks(c.status, body));
    CHECK(e.kind == ErrorKind::Api);
    CHECK(e.httpStatus == c.status);
    CHECK(e.code == c.code);
    CHECK(englishText(e.message) == "Specified signature does not match our calculation.");
    CHECK(e.message == verbatim("Specified signature does not match our calculation."));  // data, never translated
    CHECK(e.requestId == "R-1");
    CHECK(e.hostId == "polardb.aliyuncs.com");
    CHECK(e.recommend == "https://api.aliyun.com/troubleshoot?q=X");
    CHECK(e.retryable == c.retryable);
  }
}

TEST_CASE("an error envelope with a 200 status is still an error") {
  const ApiError e = errorOf(parseDescribeBatchTasks(200, R"({"Code":"Throttling","Message":"slow down","RequestId":"R"})"));
  CHECK(e.kind == ErrorKind::Api);
  CHECK(e.code == "Throttling");
  CHECK(e.retryable);
}

TEST_CASE("bodies that are not the API's JSON quote the status and the first bytes") {
  const ApiError html = errorOf(parseDescribeBatchTasks(502, "<html><head><title>502 Bad Gateway</title></head>\n<body>nginx</body></html>"));
  CHECK(html.kind == ErrorKind::Http);
  CHECK(html.retryable);
  CHECK(englishText(html.message).find("HTTP 502") == 0);
  CHECK(englishText(html.message).find("<html><head><title>502 Bad Gateway</title></head> <body>") != std::string::npos);

  const ApiError truncated = errorOf(parseDescribeBatchTasks(200, R"({"RequestId":"R","TaskList":[{"BatchId":"pcb-)"));
  CHECK(truncated.kind == ErrorKind::BadResponse);
  CHECK(truncated.retryable);
  CHECK(englishText(truncated.message).find("HTTP 200 with a body that is not valid JSON") == 0);

  const ApiError empty = errorOf(parseDescribeBatchTasks(200, ""));
  CHECK(englishText(empty.message) == "HTTP 200 with an empty body.");
  CHECK(englishText(errorOf(parseDescribeBatchTasks(200, "[1,2]")).message).find("not an object") != std::string::npos);
  CHECK(englishText(errorOf(parseDescribeBatchTasks(200, R"({"Foo":1})")).message).find("no TaskList") != std::string::npos);
  CHECK(englishText(errorOf(parseDescribeBatchTasks(200, R"({"TaskList":{}})")).message).find("not a list") != std::string::npos);
  const ApiError notFound = errorOf(parseDescribeBatchTasks(404, R"({"error":"nope"})"));
  CHECK(notFound.kind == ErrorKind::Http);
  CHECK_FALSE(notFound.retryable);
}

TEST_CASE("bodies over the limit are refused without parsing") {
  std::string body = R"({"TaskList":[],"Pad":")" + std::string(kMaxResponseBytes, 'x') + R"("})";
  const ApiError e = errorOf(parseDescribeBatchTasks(200, body));
  CHECK(e.kind == ErrorKind::TooLarge);
  CHECK(e.code == "ResponseTooLarge");
  CHECK_FALSE(e.retryable);
}

TEST_CASE("snippets are printable, bounded and cut on character boundaries") {
  CHECK(bodySnippet("a\r\n\tb") == "a b");
  CHECK(bodySnippet("\xFF" "ok") == "\uFFFDok");
  CHECK(bodySnippet(std::string(500, 'x')).size() == 120 + 3);  // the ellipsis is 3 bytes
  const std::string chinese = "\xE4\xB8\xAD\xE6\x96\x87";       // two 3-byte characters
  CHECK(bodySnippet(chinese, 4) == "\xE4\xB8\xAD\u2026");
}

TEST_CASE("DescribeBatchTask with subtasks in every status and time form") {
  const DetailResult r = parseDescribeBatchTask(200, R"({
    "RequestId":"R-2","BatchId":"pcb-1","TaskName":"n","TaskType":"polarclaw_install_skills",
    "Status":"FAILED","TotalCount":"3","SuccessCount":1,"TaskBegin":"2026/05/28T16:38:20Z",
    "TaskEnd":"2026/05/28T16:40:00Z","ApplicationType":"polarclaw",
    "SubTasks":[
      {"TaskId":"t1","InstanceId":"pc-1","Status":"COMPLETED","TaskBegin":"2026/05/28T16:38:20Z","TaskEnd":"2026/05/28T16:39:00Z","ErrorMsg":""},
      {"TaskId":"t2","InstanceId":"pc-2","Status":"FAILED","ErrorMsg":"安装失败: skill not found"},
      {"TaskId":"t3","InstanceId":"pc-3","Status":"HUMAN_PROCESSING"}]})");
  REQUIRE(std::holds_alternative<BatchDetail>(r));
  const BatchDetail& d = std::get<BatchDetail>(r);
  CHECK(d.requestId == "R-2");
  CHECK(d.batch.batchId == "pcb-1");
  CHECK(d.batch.totalCount == 3);
  CHECK(d.batch.taskBegin.at == parseApiTime("2026-05-28T16:38:20Z"));
  CHECK(d.applicationType == "polarclaw");
  REQUIRE(d.subTasks.size() == 3);
  CHECK(d.subTasks[1].errorMsg == "安装失败: skill not found");
  CHECK(d.subTasks[2].status == "HUMAN_PROCESSING");
  CHECK(d.subTasks[0].taskEnd.at == parseApiTime("2026-05-28T16:39:00Z"));
  CHECK_FALSE(d.subTasks[2].taskEnd.at.has_value());
}

TEST_CASE("DescribeBatchTask errors come through the same envelope") {
  const DetailResult r = parseDescribeBatchTask(404, R"({"Code":"InvalidBatchId.NotFound","Message":"The batch does not exist.","RequestId":"R"})");
  REQUIRE(std::holds_alternative<ApiError>(r));
  CHECK(std::get<ApiError>(r).code == "InvalidBatchId.NotFound");
  CHECK(std::holds_alternative<ApiError>(parseDescribeBatchTask(200, R"({"RequestId":"R"})")));
  CHECK(std::holds_alternative<ApiError>(parseDescribeBatchTask(200, R"({"BatchId":"b","SubTasks":"x"})")));
}
