#include "model/i18n.hpp"

#include <algorithm>

namespace bt {
namespace {

// "{}" stands for any text, "{#}" for a number ("1,234"): a pattern such as
// "{#}s" must not take every sentence that ends in "s".
std::size_t nextPlaceholder(std::string_view text, std::size_t from, std::size_t& length, bool& numeric) {
  const std::size_t any = text.find("{}", from);
  const std::size_t number = text.find("{#}", from);
  numeric = number < any;
  length = numeric ? 3 : 2;
  return std::min(any, number);
}

std::vector<std::string> splitPlaceholders(std::string_view text, std::vector<bool>& numeric) {
  std::vector<std::string> pieces;
  std::size_t start = 0, length = 0;
  bool isNumber = false;
  for (std::size_t at = nextPlaceholder(text, 0, length, isNumber); at != std::string_view::npos;
       at = nextPlaceholder(text, start, length, isNumber)) {
    pieces.emplace_back(text.substr(start, at - start));
    numeric.push_back(isNumber);
    start = at + length;
  }
  pieces.emplace_back(text.substr(start));
  return pieces;
}

bool isNumber(std::string_view v) {
  return !v.empty() && v.find_first_not_of("0123456789,.-") == std::string_view::npos;
}

// Matches `text` against literal pieces with a value between each two; the
// values are as short as possible, except the last, which runs to the end piece.
bool matchPattern(std::string_view text, const std::vector<std::string>& pieces, const std::vector<bool>& numeric,
                  std::vector<std::string_view>& values) {
  values.clear();
  if (text.substr(0, pieces.front().size()) != pieces.front()) return false;
  std::size_t pos = pieces.front().size();
  for (std::size_t i = 1; i < pieces.size(); ++i) {
    const std::string& piece = pieces[i];
    std::size_t at;
    if (i + 1 == pieces.size()) {
      if (text.size() < pos + piece.size() || text.substr(text.size() - piece.size()) != piece) return false;
      at = text.size() - piece.size();
    } else {
      at = piece.empty() ? std::string_view::npos : text.find(piece, pos);
      if (at == std::string_view::npos) return false;
    }
    if (at == pos) return false;  // every value is non-empty
    if (numeric[i - 1] && !isNumber(text.substr(pos, at - pos))) return false;
    values.push_back(text.substr(pos, at - pos));
    pos = at + piece.size();
  }
  return pos == text.size();
}

}  // namespace

std::string fillPlaceholders(std::string_view pattern, std::initializer_list<std::string> values) {
  std::string out;
  auto value = values.begin();
  std::size_t start = 0, length = 0;
  bool numeric = false;
  for (std::size_t at = nextPlaceholder(pattern, 0, length, numeric); at != std::string_view::npos;
       at = nextPlaceholder(pattern, start, length, numeric)) {
    out += pattern.substr(start, at - start);
    if (value != values.end()) out += *value++;
    start = at + length;
  }
  return out + std::string(pattern.substr(start));
}

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
  for (const CatalogueEntry& e : chineseCatalogue()) {
    const std::string_view english = e.english;
    // Every entry is also found as written: the view translates a pattern
    // first and fills its values in after (say()).
    exact_.emplace(e.english, e.translation);
    if (english.find("{}") != std::string_view::npos || english.find("{#}") != std::string_view::npos) {
      Pattern p;
      p.pieces = splitPlaceholders(english, p.numeric);
      p.translation = e.translation;
      patterns_.push_back(std::move(p));
    }
  }
}

std::string Translator::translate(std::string_view english, bool recordMiss) const {
  if (const auto it = exact_.find(std::string(english)); it != exact_.end()) return it->second;
  std::vector<std::string_view> values;
  for (const Pattern& p : patterns_) {
    if (!matchPattern(english, p.pieces, p.numeric, values)) continue;
    std::string out;
    std::size_t start = 0, index = 0;
    const std::string_view t = p.translation;
    for (std::size_t at = t.find("{}"); at != std::string_view::npos; at = t.find("{}", start)) {
      out += t.substr(start, at - start);
      // Values are translated too ("Updated {}" around "3 min ago"); values
      // without a translation (numbers, names) are expected, not misses.
      if (index < values.size()) out += translate(values[index++], false);
      start = at + 2;
    }
    return out + std::string(t.substr(start));
  }
  if (recordMiss && untranslated_.size() < 1024) untranslated_.emplace(english);
  return std::string(english);
}

const std::string& Translator::operator()(std::string_view english) const {
  if (const auto it = cache_.find(std::string(english)); it != cache_.end()) return it->second;
  std::string translated = language_ == Language::English ? std::string(english) : translate(english, true);
  if (cache_.size() < 4096) return cache_.emplace(std::string(english), std::move(translated)).first->second;
  // Bounded: rows bring ever new text. Past the bound, results live in a small ring.
  std::string& slot = overflow_[overflowNext_++ % overflow_.size()];
  slot = std::move(translated);
  return slot;
}

}  // namespace bt
