// What the model says to a person, as data: a message id and its arguments.
// Each id has one English format (the catalogue's key, as gettext's msgid) in
// which "{}" stands for the next argument. The view formats a message in the
// person's language; getState(), events and tests read its English text.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bt {

// X(id, English format). One table, so the ids can be listed and each has
// exactly one format.
#define BT_MESSAGES(X)                                                                                      \
  /* Data shown as it is: the API's own messages. */                                                      \
  X(Text, "{}")                                                                                             \
  /* A query the widget will not send (task_query.cpp). */                                                \
  X(PageSizeNotOffered, "Page size must be 30, 50 or 100, not {}.")                                        \
  X(PageNumberTooSmall, "Page number must be 1 or more, not {}.")                                          \
  X(PageNumberTooLarge, "Page number must be at most {}, not {}.")                                         \
  X(TimeRangeReversed, "The end of the time range ({}) is before its start ({}).")                         \
  X(StatusRepeated, "Each status may be chosen once.")                                                     \
  X(TaskTypeTooLong, "The task type is longer than 128 characters.")                                       \
  X(RegionIdInvalid, "\u201C{}\u201D is not a region ID such as cn-hangzhou.")                               \
  /* A region the service does not serve (app.cpp): region, the regions served, the default. */          \
  X(RegionNotServed, "The region \u201C{}\u201D is not served here (only {}); showing {} instead.")         \
  /* Parts of a link that were ignored (url_state.cpp). */                                                \
  X(LinkTooLong, "The link's view part is longer than {} bytes and was ignored.")                          \
  X(LinkPartIgnored, "Ignored \u201C{}\u201D in the link: {}")                                              \
  X(LinkValueNotText, "the value is too long or not text.")                                                \
  X(LinkTaskTypeTooLong, "the task type is longer than 128 characters.")                                   \
  X(LinkStatusUnknown, "\u201C{}\u201D is not a status (COMPLETED, DISPATCHING, FAILED, RUNNING).")         \
  X(LinkTimeUnreadable, "\u201C{}\u201D is not a UTC time such as 2026-04-06T20:51:44Z.")                   \
  X(LinkPageInvalid, "the page must be a whole number from 1.")                                            \
  X(LinkPageSizeInvalid, "the page size must be 30, 50 or 100.")                                           \
  X(LinkTimeZoneInvalid, "the time zone must be utc or local.")                                            \
  X(LinkViewInvalid, "the view must be table or timeline.")                                                \
  X(LinkTimeRangeReversed, "Ignored the link's time range: its end is before its start.")                  \
  /* Page parameters that were ignored (deployment_config.cpp). */                                              \
  X(ParameterIgnored, "Ignored the page parameter \u201C{}\u201D: {}")                                      \
  X(EndpointInvalid, "it must be a path such as /api or an http(s) URL.")                                  \
  X(EndpointNotAllowed, "\u201C{}\u201D is not one of this deployment's endpoints.")                       \
  X(ThemeInvalid, "it must be light, dark or auto.")                                                       \
  X(LanguageInvalid, "it must be a language tag such as en or zh-CN.")                                     \
  X(RefreshInvalid, "it must be a number of seconds (at least 5), or off.")                                \
  X(StalledInvalid, "it must be a number of seconds, at least 30.")                                        \
  X(OriginInvalid, "\u201C{}\u201D is not an origin such as https://portal.example.com.")                  \
  /* Failed requests (api_error.cpp, response_parser.cpp). */                                             \
  X(Unreachable, "The server could not be reached.")                                                       \
  X(UnreachableBecause, "The server could not be reached ({}).")                                           \
  X(ConnectionClosedEarly, "the connection closed before the whole answer arrived")                        \
  X(NoResponse, "no response")                                                                             \
  X(NoAnswerWithin, "No answer within {} s.")                                                              \
  X(ResponseTooLarge, "The response is {} KiB, over the limit of {} MiB; it was not read ({}).")           \
  X(EmptyBody, "HTTP {} with an empty body.")                                                              \
  X(BodyNotJson, "HTTP {} with a body that is not valid JSON: {}")                                         \
  X(JsonNotObject, "HTTP {} with JSON that is not an object: {}")                                          \
  X(NoErrorCode, "HTTP {} without an error code: {}")                                                      \
  X(JsonTooDeep, "HTTP {} with JSON nested over {} levels deep: {}")                                       \
  X(ApiErrorWithoutMessage, "The API answered {} without a message.")                                      \
  X(NoTaskList, "The response has no TaskList: {}")                                                        \
  X(TaskListNotList, "TaskList is not a list: {}")                                                         \
  X(NoBatchIdOrSubTasks, "The response has neither BatchId nor SubTasks: {}")                              \
  X(SubTasksNotList, "SubTasks is not a list: {}")                                                         \
  /* A BatchId asked for that PolarDB does not know (update/detail.cpp). */                              \
  X(BatchNotFound, "There is no batch task {} in this region; check the BatchId.")                      \
  /* Exports (app.cpp). */                                                                                \
  X(ExportStopped, "The export stopped: {}")                                                               \
  X(ExportTruncated, "The export holds the first {} of {} rows; narrow the filters to export the rest.")   \
  /* The timeline (model/update/timeline.cpp, model/timeline.cpp). */                                    \
  X(TimelineCapped, "The timeline shows the newest {} of {} batches; narrow the filters to see the rest.") \
  X(TimelineWithoutBegin, "{} batches without a begin time are not shown.")                              \
  X(TimelineStopped, "The timeline stopped loading: {}")                                                   \
  /* What screen readers are told (model/update/). */                                                   \
  X(AnnouncePage, "Page {} of {}: {} batch tasks shown, {} in all.")                                       \
  X(AnnounceError, "Error {}: {}")                                                                         \
  X(AnnounceErrorRetrying, "Error {}: {} Retrying.")                                                       \
  X(AnnounceDetailsClosed, "Details closed.")                                                              \
  X(AnnounceDetailsOf, "Details of {}.")                                                                   \
  X(AnnounceBatchFailed, "{} failed.")                                                                     \
  X(AnnounceBatchesFailed, "{} batches failed.")                                                           \
  /* Watching (model/update/watch.cpp, the view, the page's title). */                              \
  X(NotifyBatchFailed, "Batch failed: {}")                                                                 \
  X(NotifyBatchesFailed, "{} batches failed")                                                              \
  X(NotifyBatchEnded, "Batch ended: {} ({})")                                                              \
  X(NotificationsBlocked, "The browser blocks notifications from this page; allow them in its site settings.") \
  X(TitleWithFailures, "({} failed) {}")                                                                   \
  X(NoProgressFor, "no progress for {}")                                                                   \
  X(DigestSince, "Since {}:")                                                                              \
  X(DigestFailed, "{} failed")                                                                             \
  X(DigestCompleted, "{} completed")                                                                       \
  X(DigestAdded, "{} new")                                                                                 \
  X(DigestNothing, "nothing changed")                                                                      \
  /* Ages and durations (time.cpp). */                                                                    \
  X(JustNow, "just now")                                                                                   \
  X(SecondsAgo, "{} s ago")                                                                                \
  X(MinutesAgo, "{} min ago")                                                                              \
  X(HoursAgo, "{} h ago")                                                                                  \
  X(DaysAgo, "{} d ago")                                                                                   \
  X(InSeconds, "in {} s")                                                                                  \
  X(InMinutes, "in {} min")                                                                                \
  X(InHours, "in {} h")                                                                                    \
  X(InDays, "in {} d")                                                                                     \
  X(DurationSeconds, "{}s")                                                                                \
  X(DurationMinutes, "{}m {}s")                                                                            \
  X(DurationHours, "{}h {}m")                                                                              \
  X(DurationDays, "{}d {}h")                                                                               \
  /* Where the page on screen came from (answer_source.cpp, the toolbar). */                             \
  X(UpdatedStale, "Updated {}: {}")                                                                        \
  X(StaleThrottled, "PolarDB is throttling, showing the last answer")                                      \
  X(StaleUpstreamError, "PolarDB did not answer, showing the last answer")                                 \
  X(StaleBudget, "the proxy's call budget is spent, showing the last answer")                              \
  /* The paging bar's row range (paging.cpp). */                                                          \
  X(RowRange, "{}\u2013{} of {}")                                                                          \
  X(NoRows, "0 of {}")

enum class MessageId {
#define BT_MESSAGE_ID(id, format) id,
  BT_MESSAGES(BT_MESSAGE_ID)
#undef BT_MESSAGE_ID
};

// The number of ids: they run from 0 to kMessageCount - 1.
inline constexpr std::size_t kMessageCount = 0
#define BT_MESSAGE_COUNT(id, format) +1
    BT_MESSAGES(BT_MESSAGE_COUNT)
#undef BT_MESSAGE_COUNT
    ;

// The English format of `id`.
std::string_view messageFormat(MessageId id);

struct MessageArg;

struct Message {
  Message(MessageId id = MessageId::Text);                     // NOLINT: implicit, for brace lists
  Message(MessageId id, std::vector<MessageArg> args);
  MessageId id;
  std::vector<MessageArg> args;  // one per "{}" of the format, in order
  bool operator==(const Message&) const = default;
};

// An argument is data (names, codes, numbers already written out, the API's
// own text), shown as it is, or a message, said in the person's language too.
struct MessageArg {
  MessageArg(std::string data);  // NOLINT: implicit, for brace lists
  MessageArg(const char* data);  // NOLINT
  MessageArg(Message message);    // NOLINT
  const Message* message() const { return nested.empty() ? nullptr : &nested.front(); }

  std::string text;
  std::vector<Message> nested;  // empty for data; else the one message
  bool operator==(const MessageArg&) const = default;
};

// Defined here, where both types are complete.
inline Message::Message(MessageId id_) : id(id_) {}
inline Message::Message(MessageId id_, std::vector<MessageArg> args_) : id(id_), args(std::move(args_)) {}
inline MessageArg::MessageArg(std::string data) : text(std::move(data)) {}
inline MessageArg::MessageArg(const char* data) : text(data) {}
inline MessageArg::MessageArg(Message message) { nested.push_back(std::move(message)); }

// Data text as a message ("{}"), for the API's messages: they are never translated.
Message verbatim(std::string text);

// Replaces each "{}" in `format` by the next value; missing values leave nothing.
std::string fillPlaceholders(std::string_view format, const std::vector<std::string>& values);

// The message in English, nested messages included: what getState(), events
// and logs carry.
std::string englishText(const Message& message);

}  // namespace bt
