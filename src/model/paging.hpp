// Page arithmetic and the "31–60 of 1,234" line.
#pragma once
#include <cstdint>
#include <string>

#include "model/batch_task.hpp"
#include "model/message.hpp"

namespace bt {

// At least 1, so "page 1 of 1" holds for an empty result.
long long totalPages(std::int64_t totalCount, int pageSize);

// The total the paging bar trusts: the API's TotalCount, unless the rows in
// hand prove it too small (the API's own example lists more than it counts) or
// it is missing (-1).
std::int64_t effectiveTotal(const TaskPage& page, int pageSize, long long pageNumber);

// "1,234" (grouping with commas; locale-aware forms come with the message catalogue).
std::string formatCount(std::int64_t n);

// "31–60 of 1,234", or "0 of 0" for no rows.
Message formatRowRange(long long pageNumber, int pageSize, std::size_t rowsOnPage,
                           std::int64_t totalCount);

}  // namespace bt
