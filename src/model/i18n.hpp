// The widget's languages: English (the source) and Simplified Chinese.
// Text is written in English and translated where it is shown, gettext-style:
// the catalogue is keyed by the English text or format, a format is translated
// first and its values filled in after. The model's messages are data
// (message.hpp), formatted here; no sentence is parsed back. What has no
// translation shows in English; text from the API (task names, its error
// messages) is data, never translated.
#pragma once
#include <array>
#include <initializer_list>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/message.hpp"

namespace bt {

enum class Language { English, Chinese };

// A tag's primary language subtag (before the first '-' or '_', in any case)
// decides: "zh", "zh-CN", "zh_Hans_SG", … are Chinese; unlisted subtags English.
// Kept as data so that web/boot.js follows the same rule (src/shell).
struct LanguageSubtag {
  std::string_view subtag;  // lower case
  Language language;
};
inline constexpr std::string_view kTagSeparators = "-_";
inline constexpr std::array kLanguageSubtags{LanguageSubtag{"zh", Language::Chinese}};
Language languageFromTag(std::string_view tag);
std::string_view languageTag(Language language);  // "en", "zh-CN"

struct CatalogueEntry {
  const char* english;
  const char* translation;
};

class Translator {
 public:
  explicit Translator(Language language = Language::English);
  Language language() const { return language_; }
  // The translation of `english` (a text or a format), or `english` itself.
  std::string operator()(std::string_view english) const { return std::string(lookup(english)); }
  // The same for a NUL-terminated text, for ImGui: the catalogue's text, which
  // lives as long as the program, or `english` itself.
  const char* operator()(const char* english) const { return lookup(english).data(); }
  // The message in this language: its format translated, then filled with its
  // values, nested messages translated in turn and data as it is.
  std::string format(const Message& message) const;
  // The view's own formats: say("Page {} of {}", "2", "67").
  template <class... Values>
  std::string say(std::string_view format, const Values&... values) const {
    return fillPlaceholders(lookup(format), {std::string(values)...});
  }
  // Text asked for that had no translation (never recorded in English), so
  // tests can prove the catalogue covers everything the widget writes.
  const std::set<std::string>& untranslated() const { return untranslated_; }

 private:
  // A view of the catalogue's translation, or of `english` itself.
  std::string_view lookup(std::string_view english) const;

  Language language_;
  std::unordered_map<std::string_view, std::string_view> entries_;  // views of the static catalogue
  mutable std::set<std::string> untranslated_;
};

// The Simplified Chinese catalogue (catalogue_zh.cpp), for tests that check
// nothing is left out.
const std::vector<CatalogueEntry>& chineseCatalogue();

}  // namespace bt
