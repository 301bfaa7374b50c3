# Script mode: writes OUTPUT, a C++ source defining `SYMBOL()` that returns every INPUT file's
# name and content, in the order given. Run by dott_embed() at build time.
string(REPLACE "|" ";" INPUTS "${INPUTS}")
set(body "")
set(index 0)
foreach(path IN LISTS INPUTS)
    get_filename_component(name "${path}" NAME)
    file(READ "${path}" content HEX)
    string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
    string(APPEND body "static const char file_${index}[] = {${bytes} 0};\n")
    string(APPEND entries "        {\"${name}\", std::string_view(file_${index}, sizeof(file_${index}) - 1)},\n")
    math(EXPR index "${index} + 1")
endforeach()
file(WRITE "${OUTPUT}.tmp"
"// Generated at build time from files in the source tree; do not edit.
#include <string_view>
#include <utility>
#include <vector>

namespace {
${body}}  // namespace

namespace ${NAMESPACE} {
const std::vector<std::pair<std::string_view, std::string_view>>& ${SYMBOL}() {
    static const std::vector<std::pair<std::string_view, std::string_view>> files = {
${entries}    };
    return files;
}
}  // namespace ${NAMESPACE}
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
