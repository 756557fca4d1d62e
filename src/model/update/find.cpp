// The find field: the model decides whether the text is a BatchId (opened in
// the details, the same path a row's click takes) or text to filter by.
#include "model/update/reducers.hpp"

namespace bt::reduce::find {

void apply(FindState& f, DetailState& d, RequestState& r, std::string_view text, std::string region, bool started,
           Effects& out) {
  std::string wanted = normalizeFind(text);
  if (wanted.empty()) {
    f = {};
    return;
  }
  if (!looksLikeBatchId(wanted)) {
    f = {FindKind::Text, std::move(wanted)};
    return;
  }
  f = {FindKind::BatchId, wanted};
  if (d.selectedBatchId == wanted) {
    if (started) detail::reload(d, r, out);  // found again: asked again (it may exist by now)
  } else {
    detail::select(d, r, std::move(wanted), std::move(region), started, out);
  }
}

}  // namespace bt::reduce::find
