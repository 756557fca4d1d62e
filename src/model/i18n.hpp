// The widget's languages: English (the source) and Simplified Chinese.
// Strings are written in English everywhere, the model's messages included,
// and translated where they are shown: exact strings, and patterns in which
// "{}" stands for a value and "{#}" for a number ("Page {#} of {#}"), so messages built with numbers,
// codes and names translate too. What has no translation shows in English;
// text from the API (task names, its error messages) is data, never translated.
#pragma once
#include <array>
#include <initializer_list>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

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
  // The translation of `english`, or `english` itself. The reference stays
  // valid for the translator's life (results are cached; past the cache's
  // bound, for the next 64 calls).
  const std::string& operator()(std::string_view english) const;
  // Text asked for that had no translation (never recorded in English), so
  // tests can prove the catalogue covers everything the widget writes.
  const std::set<std::string>& untranslated() const { return untranslated_; }

 private:
  struct Pattern {
    std::vector<std::string> pieces;  // literal text around each placeholder
    std::vector<bool> numeric;        // per placeholder: "{#}", a number only
    std::string translation;
  };
  std::string translate(std::string_view english, bool recordMiss) const;

  Language language_;
  std::unordered_map<std::string, std::string> exact_;
  std::vector<Pattern> patterns_;
  mutable std::unordered_map<std::string, std::string> cache_;
  mutable std::set<std::string> untranslated_;
  mutable std::vector<std::string> overflow_ = std::vector<std::string>(64);
  mutable std::size_t overflowNext_ = 0;
};

// Replaces each "{}" in `pattern` by the next value.
std::string fillPlaceholders(std::string_view pattern, std::initializer_list<std::string> values);

// The Simplified Chinese catalogue (catalogue_zh.cpp), and every English string
// with a translation there, for tests that check nothing is left out.
const std::vector<CatalogueEntry>& chineseCatalogue();

}  // namespace bt
