// Scenario results as JSON (keys carry units in their names; see scenario/scenario.hpp).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "llmcost/scenario/scenario.hpp"

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

}  // namespace llmcost
