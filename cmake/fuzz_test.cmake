# CTest driver of a libFuzzer run: configure tests/fuzz with clang++, build it, then run the
# fuzz target TARGET (default scenario_fuzz) for SECONDS seconds from its seed corpus CORPUS
# (default corpus) plus its saved crash inputs REGRESSIONS (default regressions), all under
# SOURCE_DIR. A crash leaves its input in WORK_DIR/artifacts-TARGET; copy it into
# tests/fuzz/REGRESSIONS/, where fuzz_regression_test replays it in the ordinary build too.
if(NOT TARGET)
  set(TARGET scenario_fuzz)
endif()
if(NOT CORPUS)
  set(CORPUS corpus)
endif()
if(NOT REGRESSIONS)
  set(REGRESSIONS regressions)
endif()
set(grown "${WORK_DIR}/corpus-${TARGET}")
set(artifacts "${WORK_DIR}/artifacts-${TARGET}")
file(MAKE_DIRECTORY "${grown}" "${artifacts}")
execute_process(COMMAND ${CMAKE_COMMAND} -S "${SOURCE_DIR}" -B "${WORK_DIR}/build" -G "${GENERATOR}"
  -DCMAKE_CXX_COMPILER=${CLANGXX} -DCMAKE_BUILD_TYPE=RelWithDebInfo RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "fuzz configure failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build "${WORK_DIR}/build" -j 2 --target ${TARGET} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "fuzz build failed")
endif()
set(inputs "${grown}" "${SOURCE_DIR}/${CORPUS}")
if(IS_DIRECTORY "${SOURCE_DIR}/${REGRESSIONS}")
  list(APPEND inputs "${SOURCE_DIR}/${REGRESSIONS}")
endif()
execute_process(COMMAND "${WORK_DIR}/build/${TARGET}" -max_total_time=${SECONDS} -timeout=10 -rss_limit_mb=2048
  -max_len=8192 -print_final_stats=1 "-artifact_prefix=${artifacts}/" ${inputs}
  RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_VARIABLE out)
string(REGEX MATCH "stat::number_of_executed_units: *[0-9]+" runs "${err}")
message(STATUS "${TARGET}: ${runs}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the fuzzer ${TARGET} found a problem (rc=${rc}); input saved under ${artifacts}\n${err}")
endif()
