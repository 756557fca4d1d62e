#include "model/message.hpp"

namespace bt {

std::string_view messageFormat(MessageId id) {
  static constexpr std::string_view kFormats[] = {
#define BT_MESSAGE_FORMAT(id, format) format,
      BT_MESSAGES(BT_MESSAGE_FORMAT)
#undef BT_MESSAGE_FORMAT
  };
  const auto index = static_cast<std::size_t>(id);
  return index < kMessageCount ? kFormats[index] : kFormats[0];
}

Message verbatim(std::string text) { return {MessageId::Text, {std::move(text)}}; }

std::string fillPlaceholders(std::string_view format, const std::vector<std::string>& values) {
  std::string out;
  auto value = values.begin();
  std::size_t start = 0;
  for (std::size_t at = format.find("{}"); at != std::string_view::npos; at = format.find("{}", start)) {
    out += format.substr(start, at - start);
    if (value != values.end()) out += *value++;
    start = at + 2;
  }
  return out + std::string(format.substr(start));
}

std::string englishText(const Message& message) {
  std::vector<std::string> values;
  values.reserve(message.args.size());
  for (const MessageArg& arg : message.args)
    values.push_back(arg.message() ? englishText(*arg.message()) : arg.text);
  return fillPlaceholders(messageFormat(message.id), values);
}

}  // namespace bt
