#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "model/i18n.hpp"
#include "model/deployment_config.hpp"
#include "model/task_query.hpp"
#include "model/wire.hpp"
#include "shell/shell_facts.hpp"

using namespace bt;
using nlohmann::json;

namespace {

json facts() { return json::parse(shell::shellFactsJson()); }

// The language web/boot.js picks for `tag`, following the facts as it does.
std::string shellLanguage(const json& rule, const std::string& tag) {
  const std::string separators = rule["separators"];
  std::string primary = tag.substr(0, tag.find_first_of(separators));
  for (char& c : primary)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  for (const json& entry : rule["subtags"])
    if (entry["subtag"] == primary) return entry["tag"];
  return rule["otherwise"];
}

int placeholders(const std::string& s) {
  int n = 0;
  for (std::size_t at = s.find("{}"); at != std::string::npos; at = s.find("{}", at + 2)) ++n;
  return n;
}

}  // namespace

TEST_CASE("the shell's first request is the one the model forms for the default view") {
  const json f = facts();
  CHECK(f["firstRequestBody"] == formEncode(describeBatchTasksParams(TaskQuery{})));
  CHECK(f["firstRequestBody"] == "Action=DescribeBatchTasks&PageNumber=1&PageSize=30&Version=2017-08-01");
}

TEST_CASE("the shell's default endpoint is the model's, with or without a query string") {
  const json f = facts();
  CHECK(f["endpoint"] == DeploymentConfig().endpoint);
  CHECK(f["endpoint"] == parseDeploymentConfig("").endpoint);
  CHECK(f["endpoint"] == parseDeploymentConfig("theme=dark&lang=zh-CN").endpoint);
}

TEST_CASE("the shell's language rule, applied as boot.js applies it, agrees with the model") {
  const json rule = facts()["language"];
  for (const std::string tag : {"", "zh", "zh-CN", "ZH-tw", "zh_Hans_SG", "Zh", "zhx", "zh-", "-zh", "_zh", "en",
                                "en-US", "fr_FR", "z", "h", "x-zh", "zh\xC3\xA9", "constructor", "toString"}) {
    CAPTURE(tag);
    CHECK(shellLanguage(rule, tag) == languageTag(languageFromTag(tag)));
  }
  for (const LanguageSubtag& known : kLanguageSubtags) {
    CHECK(shellLanguage(rule, std::string(known.subtag)) == languageTag(known.language));
    CHECK(languageFromTag(known.subtag) == known.language);
  }
}

TEST_CASE("the shell's words are the catalogue's, in every language, with their placeholders") {
  CHECK(shell::untranslatedShellWords().empty());
  const json words = facts()["words"];
  const Translator chinese(Language::Chinese);
  CHECK(words.size() == 2);
  for (const shell::ShellWord& word : shell::shellWords()) {
    CAPTURE(word.key);
    CHECK(words["en"][word.key] == word.english);
    const std::string translated = words["zh-CN"][word.key];
    CHECK(translated == chinese(word.english));
    CHECK(translated != word.english);
    // boot.js fills one value at most, in the catalogue's "{}".
    CHECK(placeholders(word.english) <= 1);
    CHECK(placeholders(translated) == placeholders(word.english));
    CHECK(std::string(word.english).find("{#}") == std::string::npos);
  }
  CHECK(words["en"]["title"] == "Batch tasks");
  CHECK(words["zh-CN"]["loading"] == "正在加载任务表…");
}
