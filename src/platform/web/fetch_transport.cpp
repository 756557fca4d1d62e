#include "fetch_transport.hpp"

#include <emscripten/fetch.h>

#include "model/answer_source.hpp"

#include <cstring>
#include <memory>

namespace bt::web {
namespace {

// Lives from send() until the fetch's own callback, which closes the fetch.
struct PendingRequest {
  std::uint64_t requestId;
  std::string body;
  FetchTransport::Deliver deliver;
  bool answerBegan = false;  // headers arrived (a later failure cut the answer off)
};

// HEADERS_RECEIVED (2) or LOADING (3): the answer began. A failed request
// goes straight to DONE (4), from wherever it was.
void stateChanged(emscripten_fetch_t* fetch) {
  if (fetch->readyState == 2 || fetch->readyState == 3) static_cast<PendingRequest*>(fetch->userData)->answerBegan = true;
}

// Every header of the answer, as the browser lists them ("name: value\r\n" each).
std::string responseHeaders(emscripten_fetch_t* fetch) {
  const std::size_t length = emscripten_fetch_get_response_headers_length(fetch);
  if (length == 0) return {};
  std::string headers(length + 1, '\0');  // the call writes a terminating NUL
  emscripten_fetch_get_response_headers(fetch, headers.data(), headers.size());
  headers.resize(std::strlen(headers.c_str()));
  return headers;
}

void finished(emscripten_fetch_t* fetch) {
  std::unique_ptr<PendingRequest> pending(static_cast<PendingRequest*>(fetch->userData));
  Action action;
  if (fetch->status == 0) {
    // No HTTP answer: refused, dropped, blocked, or the transport's own timeout.
    // Headers seen first (or their status text left over) mean the answer
    // began, then broke off; the status text alone is not reliable, as a
    // failed request's is emptied.
    action = act::TransportFailed{pending->requestId, pending->answerBegan || fetch->statusText[0]
                                                          ? "the connection closed before the whole answer arrived"
                                                          : "no response"};
  } else {
    std::string body;
    if (fetch->data && fetch->numBytes > 0) body.assign(fetch->data, static_cast<std::size_t>(fetch->numBytes));
    const std::string headers = responseHeaders(fetch);
    action = act::ResponseArrived{pending->requestId, fetch->status, std::move(body),
                                  headerValue(headers, "X-Batch-Tasks-Age"), headerValue(headers, "X-Batch-Tasks-Stale")};
  }
  emscripten_fetch_close(fetch);  // inside its own callback: the only safe place
  pending->deliver(std::move(action));
}

// Starts one fetch whose end comes back through `finished`; a POST sends the
// pending request's body as a form.
void start(PendingRequest* pending, const char* method, const std::string& url, unsigned timeoutMs) {
  static const char* const kFormHeaders[] = {"Content-Type", "application/x-www-form-urlencoded", nullptr};
  emscripten_fetch_attr_t attr;
  emscripten_fetch_attr_init(&attr);
  std::strcpy(attr.requestMethod, method);
  attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY;
  if (!pending->body.empty()) {
    attr.requestHeaders = kFormHeaders;
    attr.requestData = pending->body.data();
    attr.requestDataSize = pending->body.size();
  }
  attr.timeoutMSecs = timeoutMs;
  attr.userData = pending;
  attr.onsuccess = finished;
  attr.onerror = finished;
  attr.onreadystatechange = stateChanged;
  emscripten_fetch(&attr, url.c_str());
}

}  // namespace

FetchTransport::FetchTransport(std::string endpoint, std::string configUrl, Deliver deliver)
    : endpoint_(std::move(endpoint)), configUrl_(std::move(configUrl)), deliver_(std::move(deliver)) {}

void FetchTransport::send(const fx::SendRequest& request) {
  // The model's own timeout fires first; this one only frees the connection.
  start(new PendingRequest{request.requestId, formEncode(request.params), deliver_}, "POST", endpoint_,
        static_cast<unsigned>(request.timeoutMs + 5000));
}

void FetchTransport::fetchConfig(const fx::FetchConfig& request) {
  start(new PendingRequest{request.requestId, {}, deliver_}, "GET", configUrl_,
        static_cast<unsigned>(request.timeoutMs));
}

}  // namespace bt::web
