// Commands from the embedding page, by window.BatchTasks or by postMessage,
// validated before they become model actions. One parser for both, so the
// iframe path gets no less checking than the direct one.
//   {"type": "setQuery", "query": {"region": "cn-beijing" | "", "taskType": "…", "status": ["RUNNING"],
//     "startTime": "2026-04-06T00:00:00Z" | null, "endTime": …, "pageSize": 50, "pageNumber": 2}}
//   {"type": "refresh"}
//   {"type": "select", "batchId": "pcb-…" | ""}
//   {"type": "setAutoRefresh", "seconds": 30}
// Messages by postMessage also carry {"source": "batch-tasks", "version": 1}.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/app.hpp"

namespace bt {

inline constexpr std::string_view kMessageSource = "batch-tasks";
inline constexpr int kMessageVersion = 1;
inline constexpr std::size_t kMaxCommandBytes = 16 * 1024;

struct CommandResult {
  std::optional<Action> action;
  std::string error;  // why the command was refused; empty when accepted
};

// `regions`: the regions the service serves, once it has said (empty: not
// known, so any region ID is taken and the service decides).
CommandResult parseCommand(std::string_view json, const std::vector<std::string>& regions = {});

// A postMessage: refused unless `origin` is on the allow-list and the message
// is a batch-tasks message of a version this widget speaks.
CommandResult parseEmbedMessage(std::string_view origin, std::string_view json,
                                const std::vector<std::string>& allowedOrigins,
                                const std::vector<std::string>& regions = {});

}  // namespace bt
