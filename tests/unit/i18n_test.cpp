#include <doctest/doctest.h>

#include <string>

#include "model/api_error.hpp"
#include "model/i18n.hpp"
#include "model/paging.hpp"
#include "model/task_query.hpp"
#include "model/time.hpp"
#include "model/url_state.hpp"

using namespace bt;

namespace {
int placeholders(std::string_view s) {
  int n = 0;
  for (std::size_t i = 0; i + 1 < s.size(); ++i)
    if (s[i] == '{' && (s[i + 1] == '}' || (s[i + 1] == '#' && i + 2 < s.size() && s[i + 2] == '}'))) ++n;
  return n;
}
}  // namespace

TEST_CASE("language tags") {
  CHECK(languageFromTag("zh") == Language::Chinese);
  CHECK(languageFromTag("zh-CN") == Language::Chinese);
  CHECK(languageFromTag("zh_Hans_SG") == Language::Chinese);
  CHECK(languageFromTag("ZH-cn") == Language::Chinese);
  CHECK(languageFromTag("en-US") == Language::English);
  CHECK(languageFromTag("zhx") == Language::English);
  CHECK(languageFromTag("") == Language::English);
  CHECK(languageTag(Language::Chinese) == "zh-CN");
}

TEST_CASE("every catalogue entry keeps its values") {
  for (const CatalogueEntry& e : chineseCatalogue()) {
    CAPTURE(e.english);
    CHECK(placeholders(e.english) == placeholders(e.translation));
    CHECK(std::string(e.translation).find("{#}") == std::string::npos);
  }
}

TEST_CASE("English is the identity and records nothing") {
  const Translator en;
  CHECK(en("Refresh") == "Refresh");
  CHECK(en("anything at all") == "anything at all");
  CHECK(en.untranslated().empty());
}

TEST_CASE("Chinese: exact strings, and patterns with values in them") {
  const Translator zh(Language::Chinese);
  CHECK(zh("Refresh") == "刷新");
  CHECK(zh("RUNNING") == "运行中");
  CHECK(zh(formatAge(180)) == "3 分钟前");
  CHECK(zh("Updated " + formatAge(180)) == "3 分钟前更新");  // values are translated too
  CHECK(zh(formatDuration(12 * 60 + 5)) == "12 分 05 秒");
  CHECK(zh(formatRowRange(2, 30, 30, 1234)) == "第 31\u201360 行，共 1,234 行");
  CHECK(zh(makeTimeoutError(20000).message) == "20 秒内没有响应。");
  CHECK(zh(makeNetworkError("").message) == "无法连接服务器。");
  CHECK(zh(makeNetworkError("refused").message) == "无法连接服务器（refused）。");
  TaskQuery q;
  q.pageSize = 40;
  CHECK(zh(validate(q).at(0).message) == "每页行数必须是 30、50 或 100，而不是 40。");
  const auto link = parseUrlState("status=BOGUS");
  CHECK(zh(link.problems.at(0)) == "已忽略链接中的\u201Cstatus\u201D：\u201CBOGUS\u201D不是有效状态（COMPLETED、DISPATCHING、FAILED、RUNNING）。");
}

TEST_CASE("numeric placeholders take numbers only, so sentences are not mistaken for durations") {
  const Translator zh(Language::Chinese);
  CHECK(zh("45s") == "45 秒");
  CHECK(zh("Specified signature does not match our calculations") ==
        "Specified signature does not match our calculations");
  CHECK(zh.untranslated().count("Specified signature does not match our calculations") == 1);
  CHECK(zh("polarclaw_install_skills") == "polarclaw_install_skills");  // data is never translated
}

TEST_CASE("fillPlaceholders puts values in order, and tolerates too few or too many") {
  CHECK(fillPlaceholders("{} of {}", {"1", "2"}) == "1 of 2");
  CHECK(fillPlaceholders("{} of {}", {"1"}) == "1 of ");
  CHECK(fillPlaceholders("none", {"1"}) == "none");
  CHECK(fillPlaceholders("Page {#} of {#}", {"2", "9"}) == "Page 2 of 9");  // the English side of a pattern
}
