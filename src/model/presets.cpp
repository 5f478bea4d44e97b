#include "llmcost/model/presets.hpp"

#include <algorithm>
#include <sstream>

#include "common/embedded.hpp"
#include "common/suggest.hpp"
#include "common/toml_reader.hpp"
#include "llmcost/detail/quote.hpp"
#include "llmcost/error.hpp"
#include "llmcost/model/hf_config.hpp"

namespace llmcost {
namespace {

constexpr const char* kInvalidFile = "llmcost.model.invalid_presets";
constexpr const char* kOrigin = "data/models.toml";

std::vector<ModelPreset> load_presets() {
  detail::Problems problems{kOrigin};
  auto root = detail::parse_toml(detail::embedded_file("models.toml"), problems);
  if (!root) problems.throw_if_any(kInvalidFile);
  detail::check_keys(*root, {"schema_version", "sources", "model"}, "the model presets file", problems);
  const detail::SourceTable sources = detail::read_sources(*root, problems);
  std::vector<ModelPreset> out;
  const toml::array* models = root->get_as<toml::array>("model");
  if (!models) problems.add(root->get("model"), "\"model\" must be an array of tables ([[model]])");
  for (const auto& item : models ? *models : toml::array{}) {
    const toml::table* t = item.as_table();
    if (!t) {
      problems.add(&item, "each [[model]] entry must be a table");
      continue;
    }
    detail::check_keys(*t, {"name", "aliases", "description", "source", "grade", "note", "config"}, "[[model]]",
                       problems);
    ModelPreset p;
    const std::string name = detail::read_string(*t, "name", problems);
    p.description = detail::read_string(*t, "description", problems, false);
    if (const toml::array* al = t->get_as<toml::array>("aliases"))
      for (const auto& a : *al)
        if (const auto* s = a.as_string()) p.aliases.push_back(s->get());
    const std::string src = detail::read_string(*t, "source", problems);
    if (const Provenance* prov = sources.find(src))
      p.provenance = *prov;
    else
      problems.add(t->get("source"), detail::concat("unknown source \"", src, "\""));
    if (auto g = parse_grade(detail::read_string(*t, "grade", problems)))
      p.provenance.grade = *g;
    else
      problems.add(t->get("grade"), "grade must be primary, derived, secondary or weak");
    p.provenance.note = detail::read_string(*t, "note", problems, false);
    const toml::table* cfg = t->get_as<toml::table>("config");
    if (!cfg) {
      problems.add(t, "missing [model.config] table");
      continue;
    }
    // The config is a config.json written in TOML: convert and import it like a file.
    std::ostringstream js;
    js << toml::json_formatter{*cfg};
    try {
      p.model = from_hf_config_json(js.str(), detail::concat(kOrigin, " [[model]] ", name));
      p.model.name = name;
      for (const auto& w : p.model.warnings) problems.add(cfg, "unexpected import warning: " + w);
    } catch (const invalid_input& e) {
      problems.add(cfg, e.what());
    }
    out.push_back(std::move(p));
  }
  problems.throw_if_any(kInvalidFile);
  return out;
}

bool matches(const ModelPreset& p, const std::string& wanted) {
  if (detail::normalize_name(p.model.name) == wanted) return true;
  for (const auto& a : p.aliases)
    if (detail::normalize_name(a) == wanted) return true;
  return false;
}

}  // namespace

const std::vector<ModelPreset>& model_presets() {
  static const std::vector<ModelPreset> presets = load_presets();
  return presets;
}

const ModelPreset& model_preset_info(std::string_view name) {
  const std::string wanted = detail::normalize_name(name);
  const auto& all = model_presets();
  for (const auto& p : all)
    if (matches(p, wanted)) return p;
  std::vector<std::string> names, every;
  for (const auto& p : all) {
    names.push_back(p.model.name);
    every.push_back(p.model.name);
    every.insert(every.end(), p.aliases.begin(), p.aliases.end());
  }
  std::vector<std::string> near;
  for (const auto& n : detail::closest(name, every, 8)) {
    for (const auto& p : all)
      if (matches(p, detail::normalize_name(n)) &&
          std::find(near.begin(), near.end(), p.model.name) == near.end())
        near.push_back(p.model.name);
    if (near.size() >= 3) break;
  }
  throw not_found("llmcost.model.unknown_preset",
                  detail::concat(detail::quoted(name), " is not a model preset; closest: ", detail::join(near),
                                 "; known: ", detail::join(names)));
}

const Transformer& model_preset(std::string_view name) { return model_preset_info(name).model; }

std::vector<std::string> model_preset_names() {
  std::vector<std::string> out;
  for (const auto& p : model_presets()) out.push_back(p.model.name);
  return out;
}

}  // namespace llmcost
