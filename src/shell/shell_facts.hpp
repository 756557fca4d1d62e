// What the static shell (web/boot.js) must know before the widget runs, taken
// from the model so that it is written once: the first request for the default
// view (sent while the wasm downloads), the default endpoint, the language
// rule, and the shell's own few words in every language.
//
// Usage: generate_shell_facts OUT.json, at build time; scripts/package-site
// puts the JSON into boot.js, so the shell starts without another download.
//   {"endpoint": "api",
//    "firstRequestBody": "Action=DescribeBatchTasks&PageNumber=1&…",
//    "language": {"separators": "-_", "subtags": [{"subtag": "zh", "tag": "zh-CN"}], "otherwise": "en"},
//    "words": {"en": {"loading": "Loading the task table…", …}, "zh-CN": {…}}}
// Words with a value keep the catalogue's "{}" placeholder; boot.js fills it.
#pragma once
#include <span>
#include <string>
#include <vector>

namespace bt::shell {

struct ShellWord {
  const char* key;      // how boot.js names it
  const char* english;  // as in the catalogue (src/model/catalogue_zh.cpp)
};
std::span<const ShellWord> shellWords();

// The facts as JSON text.
std::string shellFactsJson();

// The shell's words that have no translation in some language (empty when the
// catalogue covers them all); the generator refuses to write facts otherwise.
std::vector<std::string> untranslatedShellWords();

}  // namespace bt::shell
