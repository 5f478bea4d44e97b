// Loader of data/claims/*.toml files holding [[claim]] entries (schema in deepseek_v3.toml).
#include "llmcost/claims/claim.hpp"

#include <algorithm>
#include <cmath>

#include "common/embedded.hpp"
#include "common/suggest.hpp"
#include "common/toml_reader.hpp"
#include "llmcost/error.hpp"

namespace llmcost {
namespace {

constexpr const char* kFileTag = "llmcost.claims.invalid_file";

std::optional<double> as_number(const toml::node* n) {
  if (!n) return std::nullopt;
  if (const auto* f = n->as_floating_point()) return f->get();
  if (const auto* i = n->as_integer()) return static_cast<double>(i->get());
  return std::nullopt;
}

void read_file(std::string_view path, std::string_view text, std::vector<Claim>& out) {
  detail::Problems problems{"data/" + std::string(path)};
  auto root = detail::parse_toml(text, problems);
  if (!root) problems.throw_if_any(kFileTag);
  const toml::array* arr = root->get_as<toml::array>("claim");
  if (!arr) return;  // another schema (e.g. deepseek_inference.toml's [figures])
  detail::check_keys(*root, {"schema_version", "sources", "claim"}, "a claims file", problems);
  const detail::SourceTable sources = detail::read_sources(*root, problems);
  for (const auto& item : *arr) {
    const toml::table* t = item.as_table();
    if (!t) {
      problems.add(&item, "each [[claim]] must be a table");
      continue;
    }
    detail::check_keys(*t, {"id", "description", "value", "unit", "rounding", "op", "inputs", "scale", "formula",
                            "source", "grade", "note"},
                       "[[claim]]", problems);
    Claim c;
    c.id = detail::read_string(*t, "id", problems);
    c.description = detail::read_string(*t, "description", problems);
    c.unit = detail::read_string(*t, "unit", problems);
    c.formula = detail::read_string(*t, "formula", problems, false);
    if (auto v = as_number(t->get("value")); v && std::isfinite(*v))
      c.value = *v;
    else
      problems.add(t->get("value") ? t->get("value") : nullptr, detail::concat(c.id, ": \"value\" must be a finite number"));
    if (auto r = as_number(t->get("rounding"))) c.rounding = *r;
    if (auto s = as_number(t->get("scale"))) c.scale = *s;
    const std::string op = detail::read_string(*t, "op", problems);
    if (op == "published") c.op = ClaimOp::published;
    else if (op == "product") c.op = ClaimOp::product;
    else if (op == "sum") c.op = ClaimOp::sum;
    else if (op == "quotient") c.op = ClaimOp::quotient;
    else problems.add(t->get("op"), detail::concat(c.id, ": op \"", op, "\" is invalid; choices: published, product, sum, quotient"));
    if (const toml::array* in = t->get_as<toml::array>("inputs"))
      for (const auto& x : *in)
        if (const auto* s = x.as_string()) c.inputs.push_back(s->get());
    if (c.op == ClaimOp::quotient && c.inputs.size() != 2)
      problems.add(t, detail::concat(c.id, ": a quotient needs exactly 2 inputs"));
    if (c.op != ClaimOp::published && c.inputs.empty())
      problems.add(t, detail::concat(c.id, ": op \"", op, "\" needs inputs"));
    const std::string src = detail::read_string(*t, "source", problems);
    if (const Provenance* p = sources.find(src)) c.source = *p;
    else problems.add(t->get("source"), detail::concat(c.id, ": unknown source \"", src, "\""));
    if (auto g = parse_grade(detail::read_string(*t, "grade", problems))) c.source.grade = *g;
    else problems.add(t->get("grade"), detail::concat(c.id, ": grade must be primary, derived, secondary or weak"));
    c.source.note = detail::read_string(*t, "note", problems, false);
    out.push_back(std::move(c));
  }
  problems.throw_if_any(kFileTag);
}

std::vector<Claim> load() {
  std::vector<Claim> out;
  for (const auto& f : detail::embedded_files())
    if (f.path.substr(0, 7) == "claims/") read_file(f.path, f.content, out);
  // Every input must name a known claim.
  for (const auto& c : out)
    for (const auto& in : c.inputs)
      LLMCOST_REQUIRE(std::any_of(out.begin(), out.end(), [&in](const Claim& o) { return o.id == in; }),
                      invalid_input, kFileTag, "claim ", c.id, " has unknown input \"", in, "\"");
  return out;
}

}  // namespace

const std::vector<Claim>& claims() {
  static const std::vector<Claim> all = load();
  return all;
}

const Claim& claim(std::string_view id) {
  for (const auto& c : claims())
    if (c.id == id) return c;
  std::vector<std::string> ids;
  for (const auto& c : claims()) ids.push_back(c.id);
  throw not_found("llmcost.claims.unknown_claim",
                  detail::concat("\"", id, "\" is not a known claim; closest: ", detail::join(detail::closest(id, ids, 3))));
}

double recompute(const Claim& c) {
  switch (c.op) {
    case ClaimOp::published: return c.value;
    case ClaimOp::product: {
      double x = c.scale;
      for (const auto& in : c.inputs) x *= claim(in).value;
      return x;
    }
    case ClaimOp::sum: {
      double x = 0;
      for (const auto& in : c.inputs) x += claim(in).value;
      return c.scale * x;
    }
    case ClaimOp::quotient: return c.scale * claim(c.inputs[0]).value / claim(c.inputs[1]).value;
  }
  return c.value;
}

}  // namespace llmcost
