#include "model/paging.hpp"

#include <algorithm>

namespace bt {

long long totalPages(std::int64_t totalCount, int pageSize) {
  if (pageSize <= 0 || totalCount <= 0) return 1;
  // Rounded up without adding first: TotalCount comes from the API and may be INT64_MAX.
  return static_cast<long long>(totalCount / pageSize + (totalCount % pageSize != 0));
}

std::int64_t effectiveTotal(const TaskPage& page, int pageSize, long long pageNumber) {
  const std::int64_t seen =
      page.tasks.empty()
          ? 0
          : std::int64_t{pageNumber - 1} * pageSize + static_cast<std::int64_t>(page.tasks.size());
  return std::max(page.totalCount, seen);
}

std::string formatCount(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

Message formatRowRange(long long pageNumber, int pageSize, std::size_t rowsOnPage,
                       std::int64_t totalCount) {
  if (rowsOnPage == 0) return {MessageId::NoRows, {formatCount(std::max<std::int64_t>(totalCount, 0))}};
  const std::int64_t first = std::int64_t{pageNumber - 1} * pageSize + 1;
  const std::int64_t last = first + static_cast<std::int64_t>(rowsOnPage) - 1;
  return {MessageId::RowRange, {formatCount(first), formatCount(last), formatCount(std::max(totalCount, last))}};
}

}  // namespace bt
