// Scenario results as JSON (keys carry units in their names; see scenario/scenario.hpp).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "llmcost/scenario/scenario.hpp"

#include <algorithm>
#include <utility>

#include "llmcost/error.hpp"

namespace llmcost {

std::string to_json(const McResult& r, int indent) {
  nlohmann::ordered_json j;
  j["samples"] = r.samples;
  j["seed"] = r.seed;
  j["method"] = r.method == SamplingMethod::sobol ? "sobol" : "random";
  j["metrics"] = nlohmann::ordered_json::array();
  for (const auto& m : r.metrics) {
    nlohmann::ordered_json e;
    e["metric"] = m.metric;
    e["unit"] = m.unit;
    e["base"] = m.base;
    e["mean"] = m.mean;
    e["sd"] = m.sd;
    e["min"] = m.min;
    e["max"] = m.max;
    e["percentiles"] = nlohmann::ordered_json::object();
    for (const auto& [p, v] : m.percentiles) e["percentiles"][fmt::format("p{:g}", p)] = v;
    e["histogram"] = {{"edges", m.histogram.edges}, {"counts", m.histogram.counts}};
    e["markers"] = nlohmann::ordered_json::array();
    for (const auto& mk : m.markers) e["markers"].push_back({{"label", mk.label}, {"value", mk.value}, {"cdf", mk.cdf}});
    e["intervals"] = nlohmann::ordered_json::array();
    for (const auto& iv : m.intervals)
      e["intervals"].push_back({{"low", iv.low}, {"high", iv.high}, {"probability", iv.probability}});
    j["metrics"].push_back(std::move(e));
  }
  return j.dump(indent);
}
std::string to_json(const Tornado& t, int indent) {
  nlohmann::ordered_json j;
  j["metric"] = t.metric;
  j["base"] = t.base;
  j["q_low"] = t.q_low;
  j["q_high"] = t.q_high;
  j["bars"] = nlohmann::ordered_json::array();
  for (const auto& b : t.bars)
    j["bars"].push_back({{"input", b.input}, {"input_low", b.input_low}, {"input_high", b.input_high},
                         {"metric_low", b.metric_low}, {"metric_high", b.metric_high}, {"swing", b.swing()}});
  return j.dump(indent);
}
std::string to_json(const SobolResult& s, int indent) {
  nlohmann::ordered_json j;
  j["metric"] = s.metric;
  j["base_samples"] = s.base_samples;
  j["variance"] = s.variance;
  j["confidence"] = s.confidence;
  j["indices"] = nlohmann::ordered_json::array();
  for (const auto& i : s.indices)
    j["indices"].push_back({{"input", i.input}, {"first", i.first}, {"first_low", i.first_low}, {"first_high", i.first_high},
                            {"total", i.total}, {"total_low", i.total_low}, {"total_high", i.total_high}});
  return j.dump(indent);
}
std::string to_json(const SweepTable& t, int indent) {
  nlohmann::ordered_json j;
  j["mode"] = t.mode;
  j["inputs"] = t.inputs;
  j["metrics"] = t.metrics;
  j["rows"] = nlohmann::ordered_json::array();
  for (const auto& r : t.rows) j["rows"].push_back({{"inputs", r.inputs}, {"metrics", r.metrics}});
  return j.dump(indent);
}

McResult mc_result_from_json(std::string_view text) {
  try {
    const auto j = nlohmann::json::parse(text);
    McResult r;
    r.samples = j.at("samples").get<std::uint64_t>();
    r.seed = j.at("seed").get<std::uint64_t>();
    r.method = j.at("method").get<std::string>() == "sobol" ? SamplingMethod::sobol : SamplingMethod::random;
    for (const auto& e : j.at("metrics")) {
      MetricSummary m;
      m.metric = e.at("metric").get<std::string>();
      m.unit = e.at("unit").get<std::string>();
      for (auto [field, key] : {std::pair{&m.base, "base"}, {&m.mean, "mean"}, {&m.sd, "sd"}, {&m.min, "min"}, {&m.max, "max"}})
        *field = e.at(key).get<double>();
      // "p{:g}" keys, in the order written (nlohmann::json sorts keys: order them by p)
      for (const auto& [k, v] : e.at("percentiles").items()) m.percentiles.emplace_back(std::stod(k.substr(1)), v.get<double>());
      std::sort(m.percentiles.begin(), m.percentiles.end());
      m.histogram.edges = e.at("histogram").at("edges").get<std::vector<double>>();
      m.histogram.counts = e.at("histogram").at("counts").get<std::vector<std::uint64_t>>();
      for (const auto& mk : e.at("markers"))
        m.markers.push_back({mk.at("label").get<std::string>(), mk.at("value").get<double>(), mk.at("cdf").get<double>()});
      for (const auto& iv : e.at("intervals"))
        m.intervals.push_back({iv.at("low").get<double>(), iv.at("high").get<double>(), iv.at("probability").get<double>()});
      r.metrics.push_back(std::move(m));
    }
    return r;
  } catch (const nlohmann::json::exception& e) {
    throw invalid_input("llmcost.scenario.result_json", detail::concat("not a Monte Carlo result document: ", e.what()));
  }
}

SweepTable sweep_table_from_json(std::string_view text) {
  try {
    const auto j = nlohmann::json::parse(text);
    SweepTable t;
    t.mode = j.at("mode").get<std::string>();
    t.inputs = j.at("inputs").get<std::vector<std::string>>();
    t.metrics = j.at("metrics").get<std::vector<std::string>>();
    for (const auto& r : j.at("rows"))
      t.rows.push_back({r.at("inputs").get<std::vector<std::string>>(), r.at("metrics").get<std::vector<double>>()});
    return t;
  } catch (const nlohmann::json::exception& e) {
    throw invalid_input("llmcost.scenario.result_json", detail::concat("not a sweep table document: ", e.what()));
  }
}

}  // namespace llmcost
