#pragma once
// File: llmcost/estimate/serving_validation.hpp
//
// The serving model against published serving measurements that are not DeepSeek's own
// (data/serving_measurements.toml): NVIDIA's TensorRT-LLM offline max-throughput tables and the
// SGLang team's large-expert-parallel DeepSeek-V3 study on H100. Nothing is fitted to them.
//
// How each kind of row is predicted (the same library calls as `estimate inference`):
//   * TensorRT-LLM offline max throughput (fixed input length I and output length O, requests
//     issued at an infinite rate, in-flight batching): decode at the batch with the best
//     throughput that fits HBM (choose_decode_batch with no latency target), average KV length
//     I + O/2; prefill of I-token prompts at the best chunk (choose_prefill_chunk); one GPU
//     alternates between them, so the generated tokens per GPU-second are
//     1 / (1/decode + (I/O)/prefill), × the GPUs of the row. TP as stated, one micro-batch; KV
//     cache as stated, else the BF16 default (the choice moves rows a lot: docs/inference.md);
//     rows with pipeline parallelism, or a model without a preset, are skipped (listed);
//   * SGLang prefill (EP32 on 4 nodes, two-batch overlap, 16,384 tokens per GPU): input tokens per
//     node at the stated prompt length; SGLang decode (EP72, two-batch overlap, stated batch per
//     GPU and KV length): output tokens per node. Rows simulating MTP or mixing phases are skipped.
// Errors are predicted ÷ published − 1.
//
//   ServingValidation v = validate_serving();
//   v.median_abs_error;   // over the rows predicted
#include <string>
#include <vector>

namespace llmcost {

class Catalog;

/// One published measurement and its prediction.
struct ServingValidationRow {
  std::string source;    ///< source id in data/serving_measurements.toml
  std::string engine;    ///< "TensorRT-LLM 0.17", "SGLang"
  std::string model;     ///< the llmcost preset
  std::string chip;      ///< catalog id
  std::string setup;     ///< e.g. "TP4, 2048 in / 2048 out"
  std::string quantity;  ///< what is compared, with its unit
  double published = 0;
  double predicted = 0;
  double error = 0;      ///< predicted / published − 1
};

struct ServingValidation {
  std::vector<ServingValidationRow> rows;
  std::vector<std::string> skipped;  ///< rows not predicted, each with the reason
  double median_abs_error = 0;
  double median_error = 0;           ///< signed: > 0 when the model is optimistic
  double share_within_25_percent = 0;
};

/// Every predictable row of the built-in measurements, on `catalog`'s chips.
ServingValidation validate_serving();
ServingValidation validate_serving(const Catalog& catalog);

/// The validation as JSON: rows (keys with units), skipped, and the summary.
std::string to_json(const ServingValidation& v, int indent = 2);

}  // namespace llmcost
