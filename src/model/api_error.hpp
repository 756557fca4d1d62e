// Every way a request can fail, as one value the widget can show and act on.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "model/message.hpp"

namespace bt {

enum class ErrorKind {
  Api,          // PolarDB's error envelope: Code, Message, RequestId, …
  Http,         // an HTTP error whose body is not the envelope (a proxy's HTML page)
  BadResponse,  // a success status with a body that is not the expected JSON
  TooLarge,     // a body over kMaxResponseBytes, refused unparsed
  Network,      // no HTTP answer at all (connection refused or dropped)
  Timeout,      // no answer within the request timeout
};

// Bodies larger than this are refused without parsing. A page of 100 batches is
// about 30 KB and a batch with 500 subtasks and long error messages under 1 MB;
// 4 MiB leaves room for both while keeping the parser's peak memory (several
// times the body) small on a wasm heap.
inline constexpr std::size_t kMaxResponseBytes = 4u << 20;

struct ApiError {
  ErrorKind kind = ErrorKind::Network;
  int httpStatus = 0;  // 0 when there was no HTTP answer
  std::string code;    // the envelope's Code, or a code of the widget's own
  Message message;     // the API's own (verbatim) or the widget's
  std::string requestId;
  std::string hostId;
  std::string recommend;  // a troubleshooting URL, as PolarDB sends it
  bool retryable = false;

  bool operator==(const ApiError&) const = default;
};

// Retryable: throttling, ServiceUnavailable, 5xx, network failures and
// timeouts, and garbled success bodies (a proxy cut the answer short). Other
// 4xx errors are the request's fault and would fail again.
bool isRetryable(ErrorKind kind, int httpStatus, std::string_view code);

// Builders that classify as they go.
// `detail` is the platform's reason: "no response", "the connection closed
// before the whole answer arrived", or another text shown as it is.
ApiError makeNetworkError(std::string_view detail);
ApiError makeTimeoutError(long long timeoutMs);

}  // namespace bt
