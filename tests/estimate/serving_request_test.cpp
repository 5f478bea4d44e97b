// A serving request resolves its defaults in one place and names each of them in the result.
#include "llmcost/estimate/serving_request.hpp"

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "test_util.hpp"
#include "llmcost/error.hpp"
#include "llmcost/model/presets.hpp"

namespace llmcost {
namespace {

using test::raw;

const DefaultUsed* find_default(const ServingResult& r, const std::string& input) {
  auto it = std::find_if(r.defaults.begin(), r.defaults.end(), [&](const DefaultUsed& d) { return d.input == input; });
  return it == r.defaults.end() ? nullptr : &*it;
}

TEST(ServingRequest, AnEmptyRequestNamesEveryDefaultWithItsValueAndSource) {
  const ServingResult r = estimate_serving(ServingRequest{});
  // ServingConfig's defaults (llmcost/estimate/inference.hpp), the default model and chip, and
  // H800's catalog quote: DeepSeek's $2/GPU-hour assumption (DSV3-TR Table 1).
  const std::pair<const char*, const char*> expected[] = {
      {"model", "deepseek-v3"},      {"chip", "H800-SXM"},        {"gpus", "8"},
      {"tensor_parallel", "1"},      {"batch_per_gpu", "64"},     {"context_tokens", "4096"},
      {"prompt_tokens", "4096"},     {"prefill_tokens_per_gpu", "16384"}, {"cached_fraction", "0"},
      {"micro_batches", "1"},        {"max_nodes_per_token", "0"}, {"mtp_draft_tokens", "0"},
      {"weight_precision", "fp8"},   {"kv_precision", "bf16"},    {"compute_precision", "fp8"},
      {"redundant_experts", "0"},    {"balanced_routing", "false"}, {"price_usd_per_gpu_hour", "2"}};
  for (const auto& [input, value] : expected) {
    const DefaultUsed* d = find_default(r, input);
    ASSERT_NE(d, nullptr) << input;
    EXPECT_EQ(d->value, value) << input;
    EXPECT_FALSE(d->source.empty()) << input;
  }
  EXPECT_NE(find_default(r, "kernels"), nullptr);
  EXPECT_EQ(r.defaults.size(), std::size(expected) + 1);
  EXPECT_EQ(r.price.rule, PriceChoice::Rule::catalog_lowest_quote);
  ASSERT_TRUE(r.cost.has_value());
  // $/token = $2 / 3600 s / (tokens/s per GPU).
  EXPECT_DOUBLE_EQ(raw(r.cost->output), 2.0 / 3600 / raw(r.decode.tokens_per_s_per_gpu));
}

TEST(ServingRequest, GivenInputsAreNotNamedAsDefaults) {
  ServingRequest q;
  q.model = "llama-3.1-70b";
  q.chip = "H100";
  q.gpus = gpu_count(8);
  q.tensor_parallel = 8;
  q.weight_precision = Precision::bf16;
  q.price = usd_per_gpu_hour(3);
  const ServingResult r = estimate_serving(q);
  for (const char* given : {"model", "chip", "gpus", "tensor_parallel", "weight_precision", "price_usd_per_gpu_hour"})
    EXPECT_EQ(find_default(r, given), nullptr) << given;
  EXPECT_EQ(r.config.tensor_parallel, 8);
  EXPECT_EQ(r.config.weight_precision, Precision::bf16);
  EXPECT_EQ(r.price.rule, PriceChoice::Rule::stated);
  EXPECT_DOUBLE_EQ(raw(r.cost->input), 3.0 / 3600 / raw(r.prefill.input_tokens_per_s_per_gpu));
}

TEST(ServingRequest, AModelInCodeEqualsItsPresetName) {
  ServingRequest by_name;
  by_name.model = "llama-3.1-8b";
  ServingRequest in_code;
  in_code.transformer = model_preset("llama-3.1-8b");
  EXPECT_EQ(to_json(estimate_serving(by_name)), to_json(estimate_serving(in_code)));
  ServingRequest both = by_name;
  both.transformer = model_preset("llama-3.1-8b");
  EXPECT_THROW(estimate_serving(both), invalid_input);
}

TEST(ServingRequest, AMissingPriceNeverBlocksThroughput) {
  ServingRequest q;
  q.model = "llama-3.1-8b";
  q.chip = "MI300X";  // no rental quote in data/accelerators.toml
  q.gpus = gpu_count(1);
  const ServingResult r = estimate_serving(q);
  EXPECT_GT(raw(r.decode.tokens_per_s_per_gpu), 0);
  EXPECT_FALSE(r.cost.has_value());
  EXPECT_EQ(r.price.rule, PriceChoice::Rule::none);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("null"), std::string::npos);
  const std::string j = to_json(r);
  EXPECT_NE(j.find("\"output_usd_per_token\": null"), std::string::npos);
  EXPECT_NE(j.find("\"usd_per_million_output_tokens\": null"), std::string::npos);
}

TEST(ServingRequest, ServingConfigFillsOnlyTheUnsetKnobs) {
  ServingRequest q;
  q.batch_per_gpu = 128;
  q.context = token_count(4989);
  std::vector<DefaultUsed> named;
  const ServingConfig c = serving_config(q, &named);
  EXPECT_EQ(c.batch_per_gpu, 128);
  EXPECT_EQ(raw(c.context), 4989);
  EXPECT_EQ(raw(c.gpus), 8);  // ServingConfig default
  EXPECT_EQ(named.size(), 13u);  // 15 knobs, 2 given
}

}  // namespace
}  // namespace llmcost
