#include "model/response_parser.hpp"

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

namespace bt {
namespace {

using nlohmann::json;

const json* member(const json& obj, const char* key) {
  const auto it = obj.find(key);
  return it == obj.end() || it->is_null() ? nullptr : &*it;
}

std::string readString(const json& obj, const char* key) {
  const json* v = member(obj, key);
  if (!v) return {};
  if (v->is_string()) return v->get_ref<const std::string&>();
  if (v->is_number() || v->is_boolean()) return v->dump();
  return {};
}

// Counts arrive as numbers or numeric strings ("8"); anything else is noted.
std::int64_t readCount(const json& obj, const char* key, std::vector<std::string>& warnings,
                       std::string_view where) {
  const json* v = member(obj, key);
  if (!v) return 0;
  if (v->is_number_integer()) {
    if (v->is_number_unsigned() && v->get<std::uint64_t>() > INT64_MAX) {
      warnings.push_back(std::string(where) + key + " is out of range");
      return INT64_MAX;
    }
    return v->get<std::int64_t>();
  }
  if (v->is_number_float()) {
    const double d = v->get<double>();
    if (std::isfinite(d) && std::fabs(d) < 9e15) return static_cast<std::int64_t>(d);
  } else if (v->is_string()) {
    std::string_view s = v->get_ref<const std::string&>();
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (!s.empty() && ec == std::errc() && end == s.data() + s.size()) return n;
  }
  warnings.push_back(std::string(where) + key + " is not a number: " + bodySnippet(v->dump(), 40));
  return 0;
}

ApiTime readTime(const json& obj, const char* key, std::vector<std::string>& warnings,
                 std::string_view where) {
  ApiTime t{readString(obj, key), std::nullopt};
  if (!t.raw.empty()) {
    t.at = parseApiTime(t.raw);
    if (!t.at) warnings.push_back(std::string(where) + key + " is not a time: " + t.raw);
  }
  return t;
}

BatchTask readBatch(const json& obj, std::vector<std::string>& warnings, std::string_view where) {
  BatchTask b;
  b.batchId = readString(obj, "BatchId");
  b.taskName = readString(obj, "TaskName");
  b.taskType = readString(obj, "TaskType");
  b.status = readString(obj, "Status");
  b.totalCount = readCount(obj, "TotalCount", warnings, where);
  b.successCount = readCount(obj, "SuccessCount", warnings, where);
  b.taskBegin = readTime(obj, "TaskBegin", warnings, where);
  b.taskEnd = readTime(obj, "TaskEnd", warnings, where);
  if (b.batchId.empty()) warnings.push_back(std::string(where) + "BatchId is missing");
  if (b.countsInconsistent())
    warnings.push_back(std::string(where) + "SuccessCount " + std::to_string(b.successCount) +
                       " does not fit TotalCount " + std::to_string(b.totalCount));
  if (b.endsBeforeBegin())
    warnings.push_back(std::string(where) + "TaskEnd is before TaskBegin");
  return b;
}

ApiError failure(ErrorKind kind, int httpStatus, std::string code, Message message) {
  ApiError e;
  e.kind = kind;
  e.httpStatus = httpStatus;
  e.code = std::move(code);
  e.message = std::move(message);
  e.retryable = isRetryable(e.kind, httpStatus, e.code);
  return e;
}

// Real answers nest four levels (document, list, batch, field). Far deeper ones
// are refused: writing a value back out for a message recurses once per level,
// and a 4 MiB body can nest two million levels.
constexpr int kMaxJsonDepth = 64;

std::string quoteBody(std::string_view body) { return "\u201C" + bodySnippet(body) + "\u201D"; }

// Everything a response must pass before its payload is read. On success the
// parsed object is left in `doc`.
std::optional<ApiError> checkEnvelope(int httpStatus, std::string_view body, json& doc,
                                      const char* payloadKey) {
  const std::string status = std::to_string(httpStatus);
  const bool httpFailed = httpStatus < 200 || httpStatus >= 300;
  if (body.size() > kMaxResponseBytes)
    return failure(ErrorKind::TooLarge, httpStatus, "ResponseTooLarge",
                   {MessageId::ResponseTooLarge,
                    {std::to_string(body.size() / 1024), std::to_string(kMaxResponseBytes >> 20), "HTTP " + status}});
  const ErrorKind badKind = httpFailed ? ErrorKind::Http : ErrorKind::BadResponse;
  const std::string badCode = httpFailed ? "HttpError" : "BadResponse";
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return failure(badKind, httpStatus, badCode, {MessageId::EmptyBody, {status}});
  bool tooDeep = false;
  doc = json::parse(
      body.begin(), body.end(),
      [&tooDeep](int depth, json::parse_event_t, json&) {
        tooDeep = tooDeep || depth > kMaxJsonDepth;
        return !tooDeep;  // keep nothing more: the body is refused
      },
      /*allow_exceptions=*/false);
  if (tooDeep)
    return failure(badKind, httpStatus, badCode,
                   {MessageId::JsonTooDeep, {status, std::to_string(kMaxJsonDepth), quoteBody(body)}});
  if (doc.is_discarded())
    return failure(badKind, httpStatus, badCode,
                   {MessageId::BodyNotJson, {status, quoteBody(body)}});
  if (!doc.is_object())
    return failure(badKind, httpStatus, badCode,
                   {MessageId::JsonNotObject, {status, quoteBody(body)}});
  const std::string code = readString(doc, "Code");
  if (httpFailed || (!code.empty() && !member(doc, payloadKey))) {
    const std::string apiMessage = readString(doc, "Message");
    ApiError e = failure(ErrorKind::Api, httpStatus, code, verbatim(apiMessage));
    if (code.empty()) {
      e.kind = ErrorKind::Http;
      e.code = "HttpError";
      e.message = {MessageId::NoErrorCode, {status, quoteBody(body)}};
      e.retryable = isRetryable(e.kind, httpStatus, e.code);
    } else if (apiMessage.empty()) {
      e.message = {MessageId::ApiErrorWithoutMessage, {code}};
    }
    e.requestId = readString(doc, "RequestId");
    e.hostId = readString(doc, "HostId");
    e.recommend = readString(doc, "Recommend");
    return e;
  }
  return std::nullopt;
}

}  // namespace

std::string bodySnippet(std::string_view body, std::size_t maxBytes) {
  std::string out;
  std::size_t i = 0;
  bool lastWasSpace = false;
  while (i < body.size() && out.size() < maxBytes) {
    const auto c = static_cast<unsigned char>(body[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool valid = len > 0 && i + len <= body.size();
    for (std::size_t k = 1; valid && k < len; ++k)
      valid = (static_cast<unsigned char>(body[i + k]) & 0xC0) == 0x80;
    if (!valid) {  // not UTF-8: show the replacement character rather than garbage
      out += "\uFFFD";
      ++i;
      lastWasSpace = false;
      continue;
    }
    if (len == 1 && (c < 0x20 || c == 0x7F)) {
      if (!lastWasSpace) out += ' ';
      lastWasSpace = true;
      ++i;
      continue;
    }
    if (out.size() + len > maxBytes) break;
    out.append(body.substr(i, len));
    lastWasSpace = c == ' ';
    i += len;
  }
  if (i < body.size()) out += "\u2026";
  return out;
}

PageResult parseDescribeBatchTasks(int httpStatus, std::string_view body) {
  json doc;
  if (auto e = checkEnvelope(httpStatus, body, doc, "TaskList")) return *e;
  TaskPage page;
  page.requestId = readString(doc, "RequestId");
  const auto list = doc.find("TaskList");
  if (list == doc.end())
    return failure(ErrorKind::BadResponse, httpStatus, "BadResponse",
                   {MessageId::NoTaskList, {quoteBody(body)}});
  if (!list->is_null() && !list->is_array())
    return failure(ErrorKind::BadResponse, httpStatus, "BadResponse",
                   {MessageId::TaskListNotList, {quoteBody(list->dump())}});
  if (list->is_array()) {
    page.tasks.reserve(list->size());
    std::size_t index = 0;
    for (const json& item : *list) {
      const std::string where = "TaskList[" + std::to_string(index++) + "].";
      if (!item.is_object()) {
        page.warnings.push_back(where.substr(0, where.size() - 1) + " is not an object; skipped");
        continue;
      }
      page.tasks.push_back(readBatch(item, page.warnings, where));
    }
  }
  page.pageSize = static_cast<int>(readCount(doc, "PageSize", page.warnings, ""));
  page.pageNumber = readCount(doc, "PageNumber", page.warnings, "");
  if (member(doc, "TotalCount")) {
    page.totalCount = readCount(doc, "TotalCount", page.warnings, "");
  } else {
    page.warnings.push_back("TotalCount is missing");
    page.totalCount = -1;  // unknown: paging falls back to what was listed
  }
  return page;
}

DetailResult parseDescribeBatchTask(int httpStatus, std::string_view body) {
  json doc;
  if (auto e = checkEnvelope(httpStatus, body, doc, "BatchId")) return *e;
  BatchDetail d;
  d.requestId = readString(doc, "RequestId");
  if (!member(doc, "BatchId") && !member(doc, "SubTasks"))
    return failure(ErrorKind::BadResponse, httpStatus, "BadResponse",
                   {MessageId::NoBatchIdOrSubTasks, {quoteBody(body)}});
  d.batch = readBatch(doc, d.warnings, "");
  d.applicationType = readString(doc, "ApplicationType");
  const json* subs = member(doc, "SubTasks");
  if (subs && !subs->is_array())
    return failure(ErrorKind::BadResponse, httpStatus, "BadResponse",
                   {MessageId::SubTasksNotList, {quoteBody(subs->dump())}});
  if (subs) {
    d.subTasks.reserve(subs->size());
    std::size_t index = 0;
    for (const json& item : *subs) {
      const std::string where = "SubTasks[" + std::to_string(index++) + "].";
      if (!item.is_object()) {
        d.warnings.push_back(where.substr(0, where.size() - 1) + " is not an object; skipped");
        continue;
      }
      SubTask s;
      s.taskId = readString(item, "TaskId");
      s.instanceId = readString(item, "InstanceId");
      s.status = readString(item, "Status");
      s.taskBegin = readTime(item, "TaskBegin", d.warnings, where);
      s.taskEnd = readTime(item, "TaskEnd", d.warnings, where);
      s.errorMsg = readString(item, "ErrorMsg");
      d.subTasks.push_back(std::move(s));
    }
  }
  return d;
}

}  // namespace bt
