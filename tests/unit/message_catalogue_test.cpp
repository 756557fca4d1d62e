// Every message the model writes has a Chinese entry that keeps its values.
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "model/i18n.hpp"
#include "model/message.hpp"

using namespace bt;

namespace {
int placeholders(std::string_view s) {
  int n = 0;
  for (std::size_t at = s.find("{}"); at != std::string_view::npos; at = s.find("{}", at + 2)) ++n;
  return n;
}

std::map<std::string, std::string> chinese() {
  std::map<std::string, std::string> entries;
  for (const CatalogueEntry& e : chineseCatalogue()) entries.emplace(e.english, e.translation);
  return entries;
}
}  // namespace

TEST_CASE("every message id has a Chinese entry") {
  const auto entries = chinese();
  for (std::size_t i = 0; i < kMessageCount; ++i) {
    const std::string_view format = messageFormat(static_cast<MessageId>(i));
    CAPTURE(i);
    CAPTURE(format);
    CHECK(entries.count(std::string(format)) == 1);
  }
}

TEST_CASE("every message id has its own format") {
  std::map<std::string_view, std::size_t> seen;
  for (std::size_t i = 0; i < kMessageCount; ++i) {
    const std::string_view format = messageFormat(static_cast<MessageId>(i));
    CAPTURE(format);
    CHECK(seen.emplace(format, i).second);
  }
}

TEST_CASE("every catalogue entry keeps its values, and is listed once") {
  std::map<std::string, int> keys;
  for (const CatalogueEntry& e : chineseCatalogue()) {
    CAPTURE(e.english);
    CHECK(placeholders(e.english) == placeholders(e.translation));
    // "{#}" (a number, for the old pattern matching) is no placeholder any more.
    CHECK(std::string_view(e.english).find("{#}") == std::string_view::npos);
    CHECK(++keys[e.english] == 1);
  }
}
