// Measured matmul efficiency per chip (llmcost/hardware/matmul_efficiency.hpp), read once from the
// embedded data/matmul_efficiency.toml with the shared sourced-registry reader.
#include "llmcost/hardware/matmul_efficiency.hpp"

#include <string>
#include <vector>

#include "common/registry.hpp"
#include "common/toml_reader.hpp"

namespace llmcost {
namespace {

struct Row {
  std::string id;
  std::optional<Sourced<Ratio>> bf16, fp8;
};

constexpr detail::RegistryFile kFile{"chip", "the matmul-efficiency file", "llmcost.catalog.invalid_matmul_file",
                                     "matmul-efficiency file", "matmul_efficiency.toml"};

Row read_row(const toml::table& t, const detail::SourceTable& sources, detail::Problems& problems) {
  detail::check_keys(t, {"id", "bf16", "fp8"}, "a [[chip]] entry", problems);
  Row r;
  r.id = detail::read_string(t, "id", problems);
  auto read = [&](std::string_view key, std::optional<Sourced<Ratio>>& out) {
    if (auto v = detail::read_sourced_number(t, key, sources, problems)) {
      if (v->value > 1.0) {
        problems.add(t.get(key), detail::concat("\"", key, "\" must be a fraction of the peak in (0, 1]"));
        return;
      }
      out = Sourced<Ratio>{ratio(v->value), v->provenance};
    }
  };
  read("bf16", r.bf16);
  read("fp8", r.fp8);
  return r;
}

const std::vector<Row>& rows() {
  static const std::vector<Row> v = [] {
    std::vector<std::string> seen;
    auto unique = [&seen](const Row& r, const toml::table& t, detail::Problems& problems) {
      for (const auto& s : seen)
        if (s == r.id) problems.add(&t, detail::concat("chip ", detail::quoted(r.id), " is listed twice"));
      seen.push_back(r.id);
    };
    return detail::read_registry<Row>(detail::embedded_file(kFile.builtin), "data/matmul_efficiency.toml", kFile,
                                      read_row, unique);
  }();
  return v;
}

}  // namespace

std::optional<Sourced<Ratio>> measured_matmul_efficiency(std::string_view chip_id, Precision p) {
  const bool narrow = p == Precision::fp8 || p == Precision::fp4 || p == Precision::int8;
  for (const Row& r : rows())
    if (r.id == chip_id) return narrow ? r.fp8 : r.bf16;
  return std::nullopt;
}

}  // namespace llmcost
