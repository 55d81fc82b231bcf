#include "detect/file_store_marks.hpp"

namespace rampart::detect {

void FileStoreMarks::mark(const FileStoreRequest& request, bool matched_to_client, uint64_t tx_id) {
  using Side = FileStoreRequest::Side;
  uint8_t sides = request.side == Side::Both       ? 3
                  : request.side == Side::ToServer ? 1
                  : request.side == Side::ToClient ? 2
                  : matched_to_client              ? 2
                                                   : 1;
  if (request.scope == FileStoreRequest::Scope::Flow) {
    flow_sides_ |= sides;
    return;
  }
  for (auto& [id, marked] : transaction_sides_)
    if (id == tx_id) {
      marked |= sides;
      return;
    }
  if (transaction_sides_.size() == kMaxTransactions) transaction_sides_.erase(transaction_sides_.begin());
  transaction_sides_.emplace_back(tx_id, sides);
}

bool FileStoreMarks::stores(uint64_t tx_id, bool to_client) const {
  uint8_t bit = to_client ? 2 : 1;
  if ((flow_sides_ & bit) != 0) return true;
  for (const auto& [id, marked] : transaction_sides_)
    if (id == tx_id) return (marked & bit) != 0;
  return false;
}

}  // namespace rampart::detect
