#include <doctest/doctest.h>

#include <string>

#include "model/api_error.hpp"
#include "model/i18n.hpp"
#include "model/paging.hpp"
#include "model/task_query.hpp"
#include "model/time.hpp"
#include "model/url_state.hpp"

using namespace bt;

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

TEST_CASE("English is the identity and records nothing") {
  const Translator en;
  CHECK(en("Refresh") == std::string("Refresh"));
  CHECK(en(std::string("anything at all")) == "anything at all");
  CHECK(en.format(formatAge(180)) == "3 min ago");
  CHECK(en.say("Updated {}", en.format(formatAge(180))) == "Updated 3 min ago");
  CHECK(en.untranslated().empty());
}

TEST_CASE("Chinese: texts by exact match, messages format by format string") {
  const Translator zh(Language::Chinese);
  CHECK(zh("Refresh") == std::string("刷新"));
  CHECK(zh(std::string("RUNNING")) == "运行中");
  CHECK(zh.format(formatAge(180)) == "3 分钟前");
  CHECK(zh.say("Updated {}", zh.format(formatAge(180))) == "3 分钟前更新");  // the value is said in Chinese too
  CHECK(zh.format(formatDuration(12 * 60 + 5)) == "12 分 05 秒");
  CHECK(zh.format(formatRowRange(2, 30, 30, 1234)) == "第 31\u201360 行，共 1,234 行");
  CHECK(zh.format(makeTimeoutError(20000).message) == "20 秒内没有响应。");
  CHECK(zh.format(makeNetworkError("").message) == "无法连接服务器。");
  CHECK(zh.format(makeNetworkError("refused").message) == "无法连接服务器（refused）。");
  CHECK(zh.format(makeNetworkError("no response").message) == "无法连接服务器（没有响应）。");
  TaskQuery q;
  q.pageSize = 40;
  CHECK(zh.format(validate(q).at(0).message) == "每页行数必须是 30、50 或 100，而不是 40。");
  const auto link = parseUrlState("status=BOGUS");
  CHECK(zh.format(link.problems.at(0)) ==
        "已忽略链接中的\u201Cstatus\u201D：\u201CBOGUS\u201D不是有效状态（COMPLETED、DISPATCHING、FAILED、RUNNING）。");
  CHECK(zh.untranslated().empty());
}

TEST_CASE("a message's data is never translated, its nested messages are") {
  const Translator zh(Language::Chinese);
  // "Refresh" is in the catalogue: as data it stays as it came.
  const Message stopped{MessageId::ExportStopped, {verbatim("Refresh")}};
  CHECK(zh.format(stopped) == "导出已停止：Refresh");
  CHECK(englishText(stopped) == "The export stopped: Refresh");
  const Message ignored{MessageId::LinkPartIgnored, {"RUNNING", Message{MessageId::LinkPageInvalid}}};
  CHECK(zh.format(ignored) == "已忽略链接中的\u201CRUNNING\u201D：页码必须是从 1 开始的整数。");
  CHECK(englishText(ignored) == "Ignored \u201CRUNNING\u201D in the link: the page must be a whole number from 1.");
  CHECK(zh.untranslated().empty());
}

TEST_CASE("text without a translation shows in English and is recorded") {
  const Translator zh(Language::Chinese);
  CHECK(zh(std::string("Specified signature does not match our calculations")) ==
        "Specified signature does not match our calculations");
  CHECK(zh.untranslated().count("Specified signature does not match our calculations") == 1);
  // No pattern matching: a sentence that merely looks like a format is not translated.
  CHECK(zh(std::string("45s")) == "45s");
  CHECK(zh.format(formatDuration(45)) == "45 秒");
}

TEST_CASE("a translated text for ImGui lives as long as the program, or is the text asked for") {
  const Translator zh(Language::Chinese);
  const char* refresh = zh("Refresh");
  for (int i = 0; i < 5000; ++i) (void)zh(std::string("row ") + std::to_string(i));  // no cache to push it out
  CHECK(std::string(refresh) == "刷新");
  const char* data = "polarclaw_install_skills";
  CHECK(zh(data) == data);
}

TEST_CASE("fillPlaceholders puts values in order, and tolerates too few or too many") {
  CHECK(fillPlaceholders("{} of {}", {"1", "2"}) == "1 of 2");
  CHECK(fillPlaceholders("{} of {}", {"1"}) == "1 of ");
  CHECK(fillPlaceholders("none", {"1"}) == "none");
}
