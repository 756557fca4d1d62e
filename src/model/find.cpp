#include "model/find.hpp"

#include <algorithm>

namespace bt {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool contains(std::string_view hay, std::string_view needle) {
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                     [](char a, char b) { return lower(a) == lower(b); }) != hay.end();
}

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

bool looksLikeBatchId(std::string_view text) {
  constexpr std::string_view prefix = "pcb-";
  if (text.size() <= prefix.size() || text.size() > 64 || text.substr(0, prefix.size()) != prefix) return false;
  return std::all_of(text.begin() + prefix.size(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

std::string normalizeFind(std::string_view text) {
  while (!text.empty() && isSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && isSpace(text.back())) text.remove_suffix(1);
  if (text.size() > kMaxFindBytes) {
    std::size_t cut = kMaxFindBytes;
    // Back to the start of a UTF-8 sequence, so no character is cut in half.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text = text.substr(0, cut);
  }
  return std::string(text);
}

bool nameMatches(std::string_view needle, const BatchTask& t) {
  return needle.empty() || contains(t.taskName, needle) || contains(t.batchId, needle);
}

bool passesFind(const FindState& f, const BatchTask& t) {
  return f.findKind != FindKind::Text || nameMatches(f.findText, t);
}

bool saysBatchNotFound(const ApiError& e) {
  if (e.kind != ErrorKind::Api) return false;
  const std::string_view code = e.code;
  const bool missing = code.find("NotFound") != std::string_view::npos || code.find("NotExist") != std::string_view::npos;
  const bool aboutBatch = code.find("Batch") != std::string_view::npos || code.find("Task") != std::string_view::npos;
  return missing && aboutBatch;
}

}  // namespace bt
