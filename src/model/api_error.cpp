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
  // The platform's two reasons of its own are said in the person's language
  // too; any other (the browser's) is shown as it came.
  Message reason = verbatim(std::string(detail));
  for (MessageId known : {MessageId::NoResponse, MessageId::ConnectionClosedEarly})
    if (detail == messageFormat(known)) reason = Message{known};
  e.message = detail.empty() ? Message{MessageId::Unreachable} : Message{MessageId::UnreachableBecause, {reason}};
  e.retryable = isRetryable(e.kind, 0, e.code);
  return e;
}

ApiError makeTimeoutError(long long timeoutMs) {
  ApiError e;
  e.kind = ErrorKind::Timeout;
  e.code = "Timeout";
  e.message = {MessageId::NoAnswerWithin, {std::to_string(timeoutMs / 1000)}};
  e.retryable = isRetryable(e.kind, 0, e.code);
  return e;
}

}  // namespace bt
