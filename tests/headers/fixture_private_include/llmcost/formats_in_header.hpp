#pragma once
// A public header that must be rejected by no_private_includes.cmake: it includes fmt.
#include <string>
  #  include <fmt/format.h>

inline std::string formatted(double x) { return fmt::format("{}", x); }
