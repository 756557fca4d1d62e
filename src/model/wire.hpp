// RPC-style request parameters for PolarDB (API version 2017-08-01), encoded the
// way Alibaba Cloud's generated SDKs send them.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/task_query.hpp"

namespace bt {

inline constexpr std::string_view kApiVersion = "2017-08-01";

// Name/value pairs, sorted by name, without empty values.
using WireParams = std::vector<std::pair<std::string, std::string>>;

// RegionId travels only when a region is chosen: the default view's request
// stays byte for byte what the shell sends early (src/shell/shell_facts.cpp).
WireParams describeBatchTasksParams(const TaskQuery& q);
// `region`: the region of the list the batch came from (empty: the default).
WireParams describeBatchTaskParams(std::string_view batchId, std::string_view region = {});

// RFC 3986: unreserved characters (A-Z a-z 0-9 - _ . ~) stay, every other byte
// becomes %XX with upper-case hex (so space is %20 and * is %2A).
std::string percentEncode(std::string_view s);

// "name=value&…", each side percent-encoded; the request body, and a query string.
std::string formEncode(const WireParams& params);

}  // namespace bt
