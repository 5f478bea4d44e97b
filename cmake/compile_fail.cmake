# Runs one compile-fail test (CTest): the snippet must compile as a control, and fail
# to compile with -DLLMCOST_COMPILE_FAIL, printing the diagnostic named in its
# `// EXPECT-ERROR: <regex>` line. A snippet that fails for another reason (a typo,
# a missing include) fails the control instead of passing silently.
string(REPLACE "|" ";" INCLUDES "${INCLUDES}")
set(flags -std=c++20 -fsyntax-only)
foreach(dir IN LISTS INCLUDES)
  if(dir)
    list(APPEND flags "-I${dir}")
  endif()
endforeach()
file(STRINGS "${SOURCE}" expect REGEX "EXPECT-ERROR:")
if(NOT expect)
  message(FATAL_ERROR "${SOURCE}: no // EXPECT-ERROR: line")
endif()
string(REGEX REPLACE ".*EXPECT-ERROR: *" "" expect "${expect}")

execute_process(COMMAND ${CXX} ${flags} "${SOURCE}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "control build (without LLMCOST_COMPILE_FAIL) failed:\n${err}")
endif()
execute_process(COMMAND ${CXX} ${flags} -DLLMCOST_COMPILE_FAIL "${SOURCE}"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "the forbidden operation compiled: ${SOURCE}")
endif()
if(NOT err MATCHES "${expect}")
  message(FATAL_ERROR "it failed, but not with the expected diagnostic /${expect}/:\n${err}")
endif()
message(STATUS "rejected as expected: /${expect}/")
