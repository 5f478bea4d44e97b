# Fails when a public header includes a private dependency of the library (fmt, toml++,
# nlohmann-json). A compile check cannot catch this on a machine where those headers sit in
# /usr/include, so the includes themselves are read.
#   cmake -DINCLUDE_DIRS="dir1|dir2" -P no_private_includes.cmake
string(REPLACE "|" ";" INCLUDE_DIRS "${INCLUDE_DIRS}")
set(found "")
foreach(dir IN LISTS INCLUDE_DIRS)
  file(GLOB_RECURSE headers "${dir}/llmcost/*.hpp" "${dir}/llmcost/*.h")
  foreach(h IN LISTS headers)
    file(STRINGS "${h}" lines)
    set(n 0)
    foreach(line IN LISTS lines)
      math(EXPR n "${n} + 1")
      if(line MATCHES "^[ \t]*#[ \t]*include[ \t]*[<\"]((fmt|toml\\+\\+|nlohmann)/[^>\"]*)[>\"]")
        string(APPEND found "  ${h}:${n}: includes <${CMAKE_MATCH_1}>\n")
      endif()
    endforeach()
  endforeach()
endforeach()
if(found)
  message(FATAL_ERROR "public headers include a private dependency (fmt, toml++, nlohmann-json); "
                      "move that code into src/:\n${found}")
endif()
message(STATUS "no public header includes fmt, toml++ or nlohmann-json")
