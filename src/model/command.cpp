#include "model/command.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace bt {
namespace {

using nlohmann::json;

CommandResult refuse(std::string why) { return {std::nullopt, std::move(why)}; }

// Reads an optional time field: absent leaves it, null clears it, text must parse.
bool readTime(const json& q, const char* key, std::optional<std::optional<UnixSeconds>>& out, std::string& error) {
  const auto it = q.find(key);
  if (it == q.end()) return true;
  if (it->is_null()) {
    out = std::optional<UnixSeconds>{};
    return true;
  }
  if (it->is_string()) {
    if (auto t = parseApiTime(it->get_ref<const std::string&>())) {
      out = t;
      return true;
    }
  }
  error = std::string(key) + " must be a UTC time such as 2026-04-06T20:51:44Z, or null";
  return false;
}

CommandResult setQuery(const json& doc, const std::vector<std::string>& regions) {
  const auto q = doc.find("query");
  if (q == doc.end() || !q->is_object()) return refuse("setQuery needs a query object");
  static const char* const kKnown[] = {"region", "taskType", "status", "startTime", "endTime", "pageSize", "pageNumber"};
  for (const auto& item : q->items())
    if (std::none_of(std::begin(kKnown), std::end(kKnown), [&](const char* k) { return item.key() == k; }))
      return refuse("unknown query field " + item.key());
  act::PatchQuery patch;
  std::string error;
  if (const auto r = q->find("region"); r != q->end()) {
    if (!r->is_string() || (!r->get_ref<const std::string&>().empty() && !isRegionId(r->get_ref<const std::string&>())))
      return refuse("region must be a region ID such as cn-hangzhou, or \"\" for the default");
    const std::string& region = r->get_ref<const std::string&>();
    if (!region.empty() && !regions.empty() && std::find(regions.begin(), regions.end(), region) == regions.end()) {
      std::string served;
      for (const std::string& s : regions) served += (served.empty() ? "" : ", ") + s;
      return refuse("region " + region + " is not served here (only " + served + ")");
    }
    patch.region = region;
  }
  if (const auto t = q->find("taskType"); t != q->end()) {
    if (!t->is_string() || t->get_ref<const std::string&>().size() > 128)
      return refuse("taskType must be text of at most 128 characters");
    patch.taskType = t->get<std::string>();
  }
  if (const auto st = q->find("status"); st != q->end()) {
    if (!st->is_array()) return refuse("status must be a list such as [\"RUNNING\"]");
    std::vector<TaskStatus> statuses;
    for (const json& v : *st) {
      const auto parsed = v.is_string() ? statusFromName(v.get_ref<const std::string&>()) : std::nullopt;
      if (!parsed) return refuse("status values are COMPLETED, DISPATCHING, FAILED and RUNNING");
      statuses.push_back(*parsed);
    }
    patch.statuses = normalizedStatuses(std::move(statuses));
  }
  if (!readTime(*q, "startTime", patch.startTime, error) || !readTime(*q, "endTime", patch.endTime, error))
    return refuse(error);
  if (const auto ps = q->find("pageSize"); ps != q->end()) {
    if (!ps->is_number_integer() ||
        std::find(kPageSizes.begin(), kPageSizes.end(), ps->get<long long>()) == kPageSizes.end())
      return refuse("pageSize must be 30, 50 or 100");
    patch.pageSize = ps->get<int>();
  }
  if (const auto pn = q->find("pageNumber"); pn != q->end()) {
    if (!pn->is_number_integer() || pn->get<long long>() < 1 || pn->get<long long>() > 1'000'000'000)
      return refuse("pageNumber must be a whole number from 1");
    patch.pageNumber = pn->get<long long>();
  }
  return {Action{std::move(patch)}, {}};
}

CommandResult fromDocument(const json& doc, const std::vector<std::string>& regions) {
  const auto type = doc.find("type");
  if (type == doc.end() || !type->is_string()) return refuse("a command needs a type");
  const std::string& t = type->get_ref<const std::string&>();
  if (t == "setQuery") return setQuery(doc, regions);
  if (t == "refresh") return {Action{act::Refresh{}}, {}};
  if (t == "select") {
    const auto id = doc.find("batchId");
    if (id == doc.end() || !id->is_string() || id->get_ref<const std::string&>().size() > 128)
      return refuse("select needs a batchId of at most 128 characters (\"\" closes the details)");
    return {Action{act::SelectBatch{id->get<std::string>()}}, {}};
  }
  if (t == "setAutoRefresh") {
    const auto sec = doc.find("seconds");
    if (sec == doc.end() || !sec->is_number_integer() || sec->get<long long>() < 0 || sec->get<long long>() > 86400)
      return refuse("setAutoRefresh needs seconds from 0 (off) to 86400");
    return {Action{act::SetAutoRefresh{sec->get<long long>() * 1000}}, {}};
  }
  return refuse("unknown command type " + t.substr(0, 64));
}

}  // namespace

CommandResult parseCommand(std::string_view text, const std::vector<std::string>& regions) {
  if (text.size() > kMaxCommandBytes) return refuse("the command is larger than 16 KiB");
  const json doc = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return refuse("a command is a JSON object");
  return fromDocument(doc, regions);
}

CommandResult parseEmbedMessage(std::string_view origin, std::string_view text,
                                const std::vector<std::string>& allowedOrigins,
                                const std::vector<std::string>& regions) {
  if (std::find(allowedOrigins.begin(), allowedOrigins.end(), origin) == allowedOrigins.end())
    return refuse("origin " + std::string(origin.substr(0, 100)) + " is not allowed");
  if (text.size() > kMaxCommandBytes) return refuse("the message is larger than 16 KiB");
  const json doc = json::parse(text.begin(), text.end(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return refuse("not a JSON object");
  const auto source = doc.find("source");
  if (source == doc.end() || *source != kMessageSource) return refuse("not a batch-tasks message");
  const auto version = doc.find("version");
  if (version == doc.end() || *version != kMessageVersion) return refuse("unsupported message version");
  return fromDocument(doc, regions);
}

}  // namespace bt
