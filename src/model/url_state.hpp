// The view a link reproduces, kept in the URL's fragment:
//   #region=cn-beijing&type=polarclaw_install_skills&status=RUNNING,FAILED&from=2026-04-06T00:00:00Z
//    &to=2026-04-07T00:00:00Z&page=2&size=50&batch=pcb-xxx&tz=local&view=timeline
// The fragment, not the query string, because it never reaches the server or a
// CDN (no cache fragmentation, batch ids stay out of access logs) and changes
// without reloading the page. The query string holds the deployment's
// configuration instead (endpoint, theme, lang, refresh, …; see deployment_config).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "model/message.hpp"
#include "model/task_query.hpp"

namespace bt {

enum class TimeZoneMode { Utc, Local };

// What shows the batches: the table (one page) or the timeline (every page of
// the filters as bars). The table is the default and is not written.
enum class ViewMode { Table, Timeline };
std::string_view viewModeName(ViewMode v);  // "table", "timeline"

struct UrlState {
  TaskQuery query;
  std::string selectedBatchId;
  TimeZoneMode timeZone = TimeZoneMode::Utc;
  ViewMode view = ViewMode::Table;
  bool operator==(const UrlState&) const = default;
};

struct ParsedUrlState {
  UrlState state;
  std::vector<Message> problems;  // each ignored part, said for a person
  bool timeZoneGiven = false;         // the link says tz= (and so outranks a stored preference)
};

// Reads "a=b&c=d" (a leading '#' or '?' is skipped). Bad values are ignored
// and reported; unknown keys are ignored quietly, for links from newer versions.
ParsedUrlState parseUrlState(std::string_view text);

// Writes only what differs from the defaults, in a fixed order; "" for the default view.
std::string encodeUrlState(const UrlState& state);

// Splits "a=b&c=d" into decoded pairs ('+' is a space, %XX decoded; bad escapes kept as text).
std::vector<std::pair<std::string, std::string>> parseFormPairs(std::string_view text);
std::string percentDecode(std::string_view s);

}  // namespace bt
