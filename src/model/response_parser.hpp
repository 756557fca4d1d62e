// Turns an HTTP answer into a page of batches, a batch's detail, or an ApiError.
// Lenient where the API is loose (numbers as strings, missing fields, unknown
// statuses, odd time forms), strict where it matters (not JSON, not the shape,
// too large). Never throws: every input yields a value.
#pragma once
#include <string_view>
#include <variant>

#include "model/api_error.hpp"
#include "model/batch_task.hpp"

namespace bt {

using PageResult = std::variant<TaskPage, ApiError>;
using DetailResult = std::variant<BatchDetail, ApiError>;

PageResult parseDescribeBatchTasks(int httpStatus, std::string_view body);
DetailResult parseDescribeBatchTask(int httpStatus, std::string_view body);

// The first bytes of a body, made printable, for error messages.
std::string bodySnippet(std::string_view body, std::size_t maxBytes = 120);

}  // namespace bt
