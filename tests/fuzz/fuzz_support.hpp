// What the fuzz targets share: how an invariant fails, and small checks that
// several targets make.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "model/api_error.hpp"
#include "model/batch_task.hpp"

namespace bt::fuzz {

// A broken invariant is a crash: libFuzzer saves the input that caused it.
[[noreturn]] inline void violated(const char* what, const char* file, int line) {
  std::fprintf(stderr, "\nfuzz invariant violated at %s:%d: %s\n", file, line, what);
  std::abort();
}
#define FUZZ_CHECK(cond) \
  ((cond) ? void(0) : ::bt::fuzz::violated(#cond, __FILE__, __LINE__))

// The model promises never to throw; an exception escaping it names itself
// before the crash rather than ending in a bare std::terminate.
template <typename Body>
void mustNotThrow(const char* what, Body&& body) {
  try {
    body();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "\n%s threw: %s\n", what, e.what());
    std::abort();
  } catch (...) {
    std::fprintf(stderr, "\n%s threw a non-std exception\n", what);
    std::abort();
  }
}

// HTTP statuses the widget meets, picked by one byte; 0xF0 and up take the
// status from the following bytes instead, so odd values (0, 99, 299, 600,
// negative, huge) are reached too. Consumes the bytes it reads from `data`.
inline int takeHttpStatus(std::string_view& data) {
  static constexpr int kRealistic[] = {200, 400, 403, 404, 500, 502, 503, 429};
  if (data.empty()) return 200;
  const auto selector = static_cast<unsigned char>(data[0]);
  data.remove_prefix(1);
  if (selector < 0xF0) return kRealistic[selector % 8];
  const std::size_t width = selector < 0xFE ? 2 : 4;  // 16-bit values, or any int
  std::uint32_t raw = 0;
  for (std::size_t i = 0; i < width && !data.empty(); ++i) {
    raw = raw << 8 | static_cast<unsigned char>(data[0]);
    data.remove_prefix(1);
  }
  return width == 2 ? static_cast<int>(raw) : static_cast<int>(static_cast<std::int32_t>(raw));
}

// An ApiError the widget can show: says what went wrong, in words and as a code.
inline void checkApiError(const ApiError& e, int httpStatus) {
  FUZZ_CHECK(!e.code.empty());
  FUZZ_CHECK(!englishText(e.message).empty());
  FUZZ_CHECK(e.httpStatus == httpStatus);
  FUZZ_CHECK(e.retryable == isRetryable(e.kind, e.httpStatus, e.code));
}

inline void checkBatch(const BatchTask& b) {
  FUZZ_CHECK(b.displayTotal() >= 0);
  FUZZ_CHECK(b.displaySuccess() >= 0 && b.displaySuccess() <= b.displayTotal());
  FUZZ_CHECK(b.countsInconsistent() ==
             (b.totalCount != b.displayTotal() || b.successCount != b.displaySuccess()));
  // A time that parsed came from text; empty text means no time.
  FUZZ_CHECK(!b.taskBegin.at || !b.taskBegin.raw.empty());
  FUZZ_CHECK(!b.taskEnd.at || !b.taskEnd.raw.empty());
}

// Well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing past U+10FFFF.
inline bool isUtf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    // Sequence length, and the range of the second byte that rules out
    // overlong forms (E0, F0), surrogates (ED) and code points past U+10FFFF (F4).
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c < 0x80) {
      len = 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if (k == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

// The automation API's snapshot must always be JSON a page can read.
inline nlohmann::json parseSnapshot(const std::string& snapshot) {
  nlohmann::json doc = nlohmann::json::parse(snapshot, nullptr, /*allow_exceptions=*/false);
  FUZZ_CHECK(!doc.is_discarded());
  FUZZ_CHECK(doc.is_object());
  FUZZ_CHECK(doc.contains("query") && doc.contains("rows") && doc["rows"].is_array());
  return doc;
}

}  // namespace bt::fuzz
