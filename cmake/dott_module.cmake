# Every module and every test binary reuses one precompiled header (the standard library,
# nlohmann/json, spdlog and libpqxx; for tests GoogleTest too): most of a translation unit's
# time went into parsing them again. Reuse needs the same flags, which add_compile_options
# gives every target.
function(dott_precompiled_headers)
    set(common_headers <algorithm> <chrono> <cstdint> <functional> <map> <memory> <optional>
        <string> <string_view> <utility> <vector> <nlohmann/json.hpp> <spdlog/spdlog.h>
        <pqxx/pqxx>)
    file(WRITE ${CMAKE_BINARY_DIR}/dott_pch.cpp "// The precompiled header's own unit.\n")
    add_library(dott_pch STATIC ${CMAKE_BINARY_DIR}/dott_pch.cpp)
    target_link_libraries(dott_pch PUBLIC nlohmann_json::nlohmann_json spdlog::spdlog
                          PkgConfig::PQXX)
    target_precompile_headers(dott_pch PRIVATE ${common_headers})
    add_library(dott_test_pch STATIC ${CMAKE_BINARY_DIR}/dott_pch.cpp)
    target_link_libraries(dott_test_pch PUBLIC nlohmann_json::nlohmann_json spdlog::spdlog
                          PkgConfig::PQXX GTest::gtest)
    target_precompile_headers(dott_test_pch PRIVATE ${common_headers} <gtest/gtest.h>)
endfunction()

# dott_module(NAME SOURCES a.cpp b.cpp DEPS dott_common ...)
# Declares the library target dott_NAME for src/NAME with includes rooted at src/.
function(dott_module name)
    cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
    add_library(dott_${name} STATIC ${ARG_SOURCES})
    target_include_directories(dott_${name} PUBLIC ${DOTT_SOURCE_ROOT})
    target_link_libraries(dott_${name} PUBLIC ${ARG_DEPS})
    target_precompile_headers(dott_${name} REUSE_FROM dott_pch)
endfunction()

# dott_test(NAME SOURCES ... DEPS ... LABELS ...)
# Declares a GoogleTest executable registered with CTest under the given labels.
function(dott_test name)
    cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_include_directories(${name} PRIVATE ${DOTT_SOURCE_ROOT} ${CMAKE_SOURCE_DIR}/tests)
    target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
    target_precompile_headers(${name} REUSE_FROM dott_test_pch)
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}"
                         ENVIRONMENT "DOTT_SOURCE_DIR=${CMAKE_SOURCE_DIR}")
endfunction()

# dott_embed(TARGET NAMESPACE ns SYMBOL fn FILES a b ...)
# Compiles the files into TARGET as `const std::vector<std::pair<std::string_view,
# std::string_view>>& ns::fn()` (file name, content), regenerated whenever a file changes, so
# the binary carries them and runs from any directory.
function(dott_embed target)
    cmake_parse_arguments(ARG "" "NAMESPACE;SYMBOL" "FILES" ${ARGN})
    set(output ${CMAKE_CURRENT_BINARY_DIR}/${ARG_SYMBOL}_embedded.cpp)
    # The file list travels as one argument, joined with '|' (a list's ';' would split it).
    string(REPLACE ";" "|" inputs "${ARG_FILES}")
    add_custom_command(
        OUTPUT ${output}
        COMMAND ${CMAKE_COMMAND} -DOUTPUT=${output} -DNAMESPACE=${ARG_NAMESPACE}
                -DSYMBOL=${ARG_SYMBOL} "-DINPUTS=${inputs}"
                -P ${CMAKE_SOURCE_DIR}/cmake/embed_files.cmake
        DEPENDS ${ARG_FILES} ${CMAKE_SOURCE_DIR}/cmake/embed_files.cmake
        VERBATIM)
    target_sources(${target} PRIVATE ${output})
endfunction()
