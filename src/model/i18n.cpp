#include "model/i18n.hpp"

namespace bt {

Language languageFromTag(std::string_view tag) {
  return (tag.size() >= 2 && (tag[0] == 'z' || tag[0] == 'Z') && (tag[1] == 'h' || tag[1] == 'H') &&
          (tag.size() == 2 || tag[2] == '-' || tag[2] == '_'))
             ? Language::Chinese
             : Language::English;
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
