# CTest driver of the libFuzzer run: configure tests/fuzz with clang++, build it, then fuzz
# the scenario loader for SECONDS seconds from the seed corpus plus the regression inputs.
# A crash leaves its input in WORK_DIR/artifacts; copy it into tests/fuzz/regressions/.
file(MAKE_DIRECTORY "${WORK_DIR}/corpus" "${WORK_DIR}/artifacts")
execute_process(COMMAND ${CMAKE_COMMAND} -S "${SOURCE_DIR}" -B "${WORK_DIR}/build" -G "${GENERATOR}"
  -DCMAKE_CXX_COMPILER=${CLANGXX} -DCMAKE_BUILD_TYPE=RelWithDebInfo RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "fuzz configure failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build "${WORK_DIR}/build" -j 2 RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "fuzz build failed")
endif()
execute_process(COMMAND "${WORK_DIR}/build/scenario_fuzz" -max_total_time=${SECONDS} -timeout=10 -rss_limit_mb=2048
  -max_len=4096 -print_final_stats=1 "-artifact_prefix=${WORK_DIR}/artifacts/"
  "${WORK_DIR}/corpus" "${SOURCE_DIR}/corpus" "${SOURCE_DIR}/regressions"
  RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_VARIABLE out)
string(REGEX MATCH "stat::number_of_executed_units: *[0-9]+" runs "${err}")
message(STATUS "${runs}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the fuzzer found a problem (rc=${rc}); input saved under ${WORK_DIR}/artifacts\n${err}")
endif()
