#include "model/i18n.hpp"

#include <algorithm>

namespace bt {

Language languageFromTag(std::string_view tag) {
  const std::string_view primary = tag.substr(0, tag.find_first_of(kTagSeparators));
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  for (const LanguageSubtag& known : kLanguageSubtags)
    if (std::equal(primary.begin(), primary.end(), known.subtag.begin(), known.subtag.end(),
                   [&](char a, char b) { return lower(a) == b; }))
      return known.language;
  return Language::English;
}

std::string_view languageTag(Language language) { return language == Language::Chinese ? "zh-CN" : "en"; }

Translator::Translator(Language language) : language_(language) {
  if (language_ != Language::Chinese) return;
  for (const CatalogueEntry& e : chineseCatalogue()) entries_.emplace(e.english, e.translation);
}

std::string_view Translator::lookup(std::string_view english) const {
  if (language_ == Language::English) return english;
  if (const auto it = entries_.find(english); it != entries_.end()) return it->second;
  // Bounded: rows bring ever new data text through here.
  if (untranslated_.size() < 1024) untranslated_.emplace(english);
  return english;
}

std::string Translator::format(const Message& message) const {
  std::vector<std::string> values;
  values.reserve(message.args.size());
  for (const MessageArg& arg : message.args) values.push_back(arg.message() ? format(*arg.message()) : arg.text);
  return fillPlaceholders(lookup(messageFormat(message.id)), values);
}

}  // namespace bt
