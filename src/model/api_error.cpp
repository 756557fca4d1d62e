#include "model/api_error.hpp"

namespace bt {

bool isRetryable(ErrorKind kind, int httpStatus, std::string_view code) {
  switch (kind) {
    case ErrorKind::Network:
    case ErrorKind::Timeout:
    case ErrorKind::BadResponse: return true;
    case ErrorKind::TooLarge: return false;
    case ErrorKind::Api:
    case ErrorKind::Http: break;
  }
  if (code.rfind("Throttling", 0) == 0 || code == "ServiceUnavailable") return true;
  return httpStatus >= 500 || httpStatus == 429;
}

ApiError makeNetworkError(std::string_view detail) {
  ApiError e;
  e.kind = ErrorKind::Network;
  e.code = "NetworkError";
  e.message = "The server could not be reached";
  if (!detail.empty()) e.message += std::string(" (") + std::string(detail) + ")";
  e.message += ".";
  e.retryable = isRetryable(e.kind, 0, e.code);
  return e;
}

ApiError makeTimeoutError(long long timeoutMs) {
  ApiError e;
  e.kind = ErrorKind::Timeout;
  e.code = "Timeout";
  e.message = "No answer within " + std::to_string(timeoutMs / 1000) + " s.";
  e.retryable = isRetryable(e.kind, 0, e.code);
  return e;
}

}  // namespace bt
