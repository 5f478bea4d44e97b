# Small helpers shared by the CMake files (fmt's add_fmt_test, abseil's absl_cc_library).

# llmcost_set_warnings(target): the project's warning set; errors when LLMCOST_WERROR.
function(llmcost_set_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
      -Wno-sign-conversion)
    if(LLMCOST_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  endif()
endfunction()

# llmcost_embed_data(name OUTPUT file BASE dir FILES ...): generate a .cpp that holds
# every file as a string literal, addressable by its path relative to BASE.
function(llmcost_embed_data name)
  cmake_parse_arguments(ARG "" "OUTPUT;BASE" "FILES" ${ARGN})
  string(REPLACE ";" "|" files_arg "${ARG_FILES}")
  add_custom_command(
    OUTPUT "${ARG_OUTPUT}"
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${ARG_OUTPUT} -DBASE=${ARG_BASE}
            "-DFILES=${files_arg}" -P "${PROJECT_SOURCE_DIR}/cmake/embed_data.cmake"
    DEPENDS ${ARG_FILES} "${PROJECT_SOURCE_DIR}/cmake/embed_data.cmake"
    COMMENT "Embedding ${name} (data/*.toml) into the library"
    VERBATIM)
endfunction()

# llmcost_add_test(name SOURCES ... [LIBS ...] [LABELS ...]): one GoogleTest executable.
function(llmcost_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE llmcost::llmcost GTest::gtest GTest::gtest_main ${ARG_LIBS})
  target_include_directories(${name} PRIVATE "${PROJECT_SOURCE_DIR}/src" "${PROJECT_SOURCE_DIR}/tests")
  llmcost_set_warnings(${name})
  gtest_discover_tests(${name}
    PROPERTIES LABELS "cpp;${ARG_LABELS}"
    DISCOVERY_TIMEOUT 60)
endfunction()

# llmcost_add_benchmark(name SOURCES ...): one Google Benchmark executable.
function(llmcost_add_benchmark name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE llmcost::llmcost benchmark::benchmark ${ARG_LIBS})
  target_include_directories(${name} PRIVATE "${PROJECT_SOURCE_DIR}/src")
endfunction()
