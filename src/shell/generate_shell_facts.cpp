// Writes the shell's facts (shell_facts.hpp) to the file named on the command
// line. Built like the model it reads; in the wasm preset it runs under Node.
#include <cstdio>
#include <string>

#include "shell/shell_facts.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: generate_shell_facts OUT.json\n");
    return 2;
  }
  const auto missing = bt::shell::untranslatedShellWords();
  for (const std::string& english : missing)
    std::fprintf(stderr, "generate_shell_facts: no translation for \"%s\" in src/model/catalogue_zh.cpp\n",
                 english.c_str());
  if (!missing.empty()) return 1;
  const std::string json = bt::shell::shellFactsJson() + "\n";
  std::FILE* out = std::fopen(argv[1], "wb");
  if (!out || std::fwrite(json.data(), 1, json.size(), out) != json.size() || std::fclose(out) != 0) {
    std::fprintf(stderr, "generate_shell_facts: cannot write %s\n", argv[1]);
    return 1;
  }
  return 0;
}
