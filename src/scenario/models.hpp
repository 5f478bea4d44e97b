#pragma once
// Private: the base models behind scenarios — schema, defaults per built-in base, and a
// batch evaluator on Eigen columns (raw doubles in each input's FILE unit, as named by its key).
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "llmcost/hardware/catalog.hpp"
#include "llmcost/scenario/scenario.hpp"

namespace llmcost::detail {

/// One block of inputs: a column (size n) per schema input (text inputs: empty column).
struct InputBlock {
  Eigen::Index n = 0;
  std::vector<Eigen::ArrayXd> numeric;  ///< by schema index
  std::vector<bool> varies;             ///< by schema index: not constant over the block
  std::vector<std::string> text;        ///< by schema index
  const Catalog* catalog = &Catalog::builtin();  ///< where chip names are looked up
};

class BaseModel {
 public:
  virtual ~BaseModel() = default;
  [[nodiscard]] virtual const BaseModelSpec& spec() const = 0;
  /// Text defaults of the base (by schema index; "" for numeric inputs).
  [[nodiscard]] virtual std::vector<std::string> text_defaults(std::string_view base) const = 0;
  /// Numeric defaults given the (resolved) text inputs (by schema index; 0 for text inputs).
  /// Chips are looked up in `catalog`. Throws not_found / invalid_input for a bad text input
  /// (unknown chip, preset, API).
  [[nodiscard]] virtual std::vector<double> numeric_defaults(std::string_view base, const std::vector<std::string>& text,
                                                             const Catalog& catalog) const = 0;
  /// A default that stands in for data the catalog lacks: the input's path and a sentence naming
  /// the stand-in and its source. Empty when every default comes from the base's own data.
  struct StandIn {
    std::string path, note;
  };
  [[nodiscard]] virtual std::vector<StandIn> stand_ins(std::string_view /*base*/, const std::vector<std::string>& /*text*/,
                                                       const Catalog& /*catalog*/) const {
    return {};
  }
  /// Every metric for the block: out[m] has size n. Inputs validated beforehand.
  virtual void evaluate(const InputBlock& in, std::vector<Eigen::ArrayXd>& out) const = 0;
};

/// The model behind a built-in base; nullptr when unknown.
const BaseModel* model_for_base(std::string_view base);
/// Every base model, schema order.
const std::vector<const BaseModel*>& base_models();

}  // namespace llmcost::detail
