#include <doctest/doctest.h>

#include "model/paging.hpp"

using namespace bt;

TEST_CASE("total pages") {
  CHECK(totalPages(0, 30) == 1);
  CHECK(totalPages(-1, 30) == 1);
  CHECK(totalPages(1, 30) == 1);
  CHECK(totalPages(30, 30) == 1);
  CHECK(totalPages(31, 30) == 2);
  CHECK(totalPages(1234, 30) == 42);
  CHECK(totalPages(1234, 100) == 13);
  CHECK(totalPages(5, 0) == 1);
}

TEST_CASE("counts and row ranges") {
  CHECK(formatCount(0) == "0");
  CHECK(formatCount(999) == "999");
  CHECK(formatCount(1234) == "1,234");
  CHECK(formatCount(1234567) == "1,234,567");
  CHECK(formatCount(-1234) == "-1,234");
  CHECK(englishText(formatRowRange(2, 30, 30, 1234)) == "31\u201360 of 1,234");
  CHECK(englishText(formatRowRange(42, 30, 4, 1234)) == "1,231\u20131,234 of 1,234");
  CHECK(englishText(formatRowRange(1, 30, 0, 0)) == "0 of 0");
  // A TotalCount smaller than the rows in hand is not believed.
  CHECK(englishText(formatRowRange(1, 30, 8, 6)) == "1\u20138 of 8");
}

TEST_CASE("the effective total trusts the rows over a TotalCount that is too small or missing") {
  TaskPage page;
  page.tasks.resize(1);
  page.totalCount = 6;  // the reference's own example: 6 counted, 1 listed
  CHECK(effectiveTotal(page, 30, 1) == 6);
  page.tasks.resize(10);
  CHECK(effectiveTotal(page, 30, 1) == 10);
  CHECK(effectiveTotal(page, 30, 3) == 70);
  page.totalCount = -1;
  CHECK(effectiveTotal(page, 30, 1) == 10);
}
