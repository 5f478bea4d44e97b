#pragma once
// Private: how the estimator commands read numeric flags and check what they print.
//
//  * every numeric flag has an accepted range (docs/input-ranges.md); a value outside it is an
//    invalid_input [llmcost.cli.invalid] that names the flag, the value and the range;
//  * precision names are case-insensitive ("BF16" = "bf16"), like chip names;
//  * before anything is printed, every number of the result is checked to be finite; when one is
//    not, the error names the flags the user gave (out_of_domain [llmcost.cli.overflow]);
//  * CSV carries the raw numbers of the JSON (SI base values, the unit in the column name);
//  * the default rental price: the chip's lowest catalog quote, else no cost (never a silent $2).
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "llmcost/pricing/price_choice.hpp"
#include "llmcost/hardware/accelerator.hpp"
#include "llmcost/provenance.hpp"
#include "llmcost/units.hpp"

namespace llmcost::cli {

using ojson = nlohmann::ordered_json;

inline constexpr const char* kInvalidTag = "llmcost.cli.invalid";
inline constexpr const char* kOverflowTag = "llmcost.cli.overflow";

/// A number as a user writes it: 2.5, 1e7, 1e-300 (shortest form, no "+" or leading exponent zeros).
std::string plain_number(double x);

/// `x`, the value of `flag`, must be finite and lie in [lo, hi]. Throws invalid_input
/// [llmcost.cli.invalid] "--flag 1e+308 is outside the accepted range [lo, hi] unit".
double flag_in_range(double x, double lo, double hi, std::string_view flag, std::string_view unit = {});
/// `x` must be finite and lie in (0, hi].
double flag_positive(double x, double hi, std::string_view flag, std::string_view unit = {});
/// `x` must be a whole number in [lo, hi] (a count: GPUs, sequences, stages).
double flag_whole(double x, double lo, double hi, std::string_view flag, std::string_view unit = {});
/// flag_whole, as an int (hi must fit an int).
int flag_int(double x, int lo, int hi, std::string_view flag, std::string_view unit = {});

/// The precision called `name`, ignoring case and surrounding blanks. `choices` limits the
/// accepted names (empty: every precision). Throws invalid_input [llmcost.cli.invalid] naming
/// the flag and the choices.
Precision flag_precision(std::string_view name, std::string_view flag, const std::vector<Precision>& choices = {});

/// The flags of `cmd` that the user gave, among `numeric`, with their values, as "--a 1e300, --b 2"
/// (or every one of `numeric` when none was given), for error messages about results that overflow.
std::string given_flags(const CLI::App* cmd, std::initializer_list<const char*> numeric);

/// Every number in `j` (recursively) must be finite. Throws out_of_domain [llmcost.cli.overflow]:
/// "the inputs <inputs> are too extreme together: <key> is not a finite number; ...".
void require_finite_json(const ojson& j, std::string_view inputs);

/// CSV of `records`: an array of objects (one row each) or one object (one row). Nested objects
/// are flattened with "." in the column name; arrays of scalars are joined with "; "; numbers are
/// written raw (shortest round-trip form), null as an empty field.
std::string csv_of(const ojson& records);

/// The library's default-price rule (llmcost/pricing/price_choice.hpp) with the
/// `--price-usd-per-gpu-hour` flag as the stated price (checked to lie in (0, 1e4] first, so that
/// an error names the flag).
PriceChoice choose_price(const Accelerator& chip, const std::optional<double>& flag_usd_per_gpu_hour);

/// One short line under a table, e.g. "price: $2/GPU·h, default: lowest catalog quote for H800-SXM
/// (grade primary); --price-usd-per-gpu-hour to change". With `verbose`, a second line gives the
/// full source.
std::string price_line(const PriceChoice& p, const Accelerator& chip, bool verbose);

/// The switches of the step-time model's workload and layout that `estimate training` and
/// `search training` share; each is absent (the library's default) unless --X or --no-X is given.
struct StepTimeSwitches {
  std::optional<bool> flash_attention;    ///< default on (TrainingWorkload)
  std::optional<bool> dropout;            ///< default off (TrainingWorkload)
  std::optional<bool> sequence_parallel;  ///< default on (estimate: Layout; search: where TP > 1)
  [[nodiscard]] bool any() const { return flash_attention || dropout || sequence_parallel; }
};
/// Adds --flash-attention/--no-flash-attention, --dropout/--no-dropout and
/// --sequence-parallel/--no-sequence-parallel to `cmd` (in option group `group` when not empty);
/// `sp_default` is the help text's default of sequence parallelism. --x and --no-x exclude each other.
void add_step_time_switches(CLI::App* cmd, StepTimeSwitches& s, const std::string& sp_default,
                            const std::string& group = {});

/// `s` as one CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& s);

}  // namespace llmcost::cli
