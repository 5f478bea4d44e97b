#pragma once
// File: llmcost/scenario/distribution.hpp
//
// The distribution of an uncertain scenario input. The type belongs to the sampling layer
// (llmcost/sweep/distribution.hpp), which scenarios build on; this header keeps the
// scenario-side include path working.
#include "llmcost/sweep/distribution.hpp"
