#include "shell/shell_facts.hpp"

#include <nlohmann/json.hpp>

#include "model/i18n.hpp"
#include "model/deployment_config.hpp"
#include "model/task_query.hpp"
#include "model/wire.hpp"

namespace bt::shell {
namespace {

constexpr ShellWord kShellWords[] = {
    {"title", "Batch tasks"},
    {"loading", "Loading the task table\u2026"},
    {"noWasm", "This browser cannot run WebAssembly, so the task table cannot start."},
    {"noWebGl", "WebGL 2 is not available in this browser, so the task table cannot be drawn."},
    {"noShaders", "This browser's WebGL 2 did not accept the task table's shaders, so it cannot be drawn."},
    {"downloadFailed", "The task table could not be downloaded ({}). Check the connection and reload."},
    {"startFailed", "The task table could not start: {}"},
    {"textField", "{}, text field: activate to edit"},
};

constexpr Language kLanguages[] = {Language::English, Language::Chinese};

}  // namespace

std::span<const ShellWord> shellWords() { return kShellWords; }

std::string shellFactsJson() {
  nlohmann::ordered_json facts;
  facts["endpoint"] = DeploymentConfig().endpoint;
  facts["firstRequestBody"] = formEncode(describeBatchTasksParams(TaskQuery{}));

  nlohmann::ordered_json subtags = nlohmann::ordered_json::array();
  for (const LanguageSubtag& known : kLanguageSubtags)
    subtags.push_back({{"subtag", known.subtag}, {"tag", languageTag(known.language)}});
  facts["language"] = {{"separators", kTagSeparators},
                       {"subtags", subtags},
                       // What a tag with no listed subtag gets.
                       {"otherwise", languageTag(languageFromTag(""))}};

  nlohmann::ordered_json words;
  for (const Language language : kLanguages) {
    const Translator tr(language);
    nlohmann::ordered_json inLanguage;
    for (const ShellWord& word : kShellWords) inLanguage[word.key] = tr(word.english);
    words[std::string(languageTag(language))] = inLanguage;
  }
  facts["words"] = words;
  return facts.dump();
}

std::vector<std::string> untranslatedShellWords() {
  std::vector<std::string> missing;
  for (const Language language : kLanguages) {
    const Translator tr(language);
    for (const ShellWord& word : kShellWords) tr(word.english);
    for (const std::string& english : tr.untranslated())
      missing.push_back(std::string(languageTag(language)) + ": " + english);
  }
  return missing;
}

}  // namespace bt::shell
