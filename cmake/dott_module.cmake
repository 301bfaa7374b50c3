# dott_module(NAME SOURCES a.cpp b.cpp DEPS dott_common ...)
# Declares the library target dott_NAME for src/NAME with includes rooted at src/.
function(dott_module name)
    cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
    add_library(dott_${name} STATIC ${ARG_SOURCES})
    target_include_directories(dott_${name} PUBLIC ${DOTT_SOURCE_ROOT})
    target_link_libraries(dott_${name} PUBLIC ${ARG_DEPS})
endfunction()

# dott_test(NAME SOURCES ... DEPS ... LABELS ...)
# Declares a GoogleTest executable registered with CTest under the given labels.
function(dott_test name)
    cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_include_directories(${name} PRIVATE ${DOTT_SOURCE_ROOT} ${CMAKE_SOURCE_DIR}/tests)
    target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
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
