// Find: one field that takes a BatchId or text. The model decides which: text
// in the API's id shape opens that batch's details (DescribeBatchTask, on the
// page or not); other text filters the loaded batches (the table's page, the
// timeline's range) by name and id, case-insensitively. Pure functions here;
// the find reducer (model/update/find.cpp) keeps FindState.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "model/api_error.hpp"
#include "model/batch_task.hpp"

namespace bt {

// What the find field asks for now.
enum class FindKind { None, BatchId, Text };

struct FindState {
  FindKind findKind = FindKind::None;
  std::string findText;  // as applied: trimmed and bounded; "" with FindKind::None
  bool operator==(const FindState&) const = default;
};

// Longer find text is cut (at a character boundary): no name needs more.
inline constexpr std::size_t kMaxFindBytes = 256;

// "pcb-" and then letters, digits, '-' or '_' (at most 64 bytes in all): the
// shape of PolarDB's BatchIds ("pcb-xxx"). Anything else is text to look for.
bool looksLikeBatchId(std::string_view text);

// The text as find applies it: surrounding spaces trimmed, cut to kMaxFindBytes.
std::string normalizeFind(std::string_view text);

// Whether `needle` occurs in the batch's TaskName or BatchId, ASCII letters
// compared without case (other scripts as written). An empty needle matches.
bool nameMatches(std::string_view needle, const BatchTask& t);

// Whether find lets the batch show: always, unless a text find leaves it out.
bool passesFind(const FindState& f, const BatchTask& t);

// Whether DescribeBatchTask's error says the batch does not exist (a NotFound
// or NotExist code about a batch or task; not an unknown AccessKey).
bool saysBatchNotFound(const ApiError& e);

}  // namespace bt
