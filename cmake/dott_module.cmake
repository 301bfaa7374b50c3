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
