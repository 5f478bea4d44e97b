#pragma once
// The Python `llmcost.Model` (a Transformer at a sequence length) and the one rule by which the
// estimators read a model argument: `model=` a preset name or a Model, `hf_config=` the path of a
// Hugging Face config.json (str or os.PathLike); exactly one of them.
#include "pybind11_prelude.hpp"

#include <memory>
#include <optional>
#include <string>

#include "llmcost/error.hpp"
#include "llmcost/model/hf_config.hpp"
#include "llmcost/model/transformer.hpp"

namespace llmcost::python {

/// A Transformer and the sequence length its per-token FLOP attributes use.
struct PyModel {
  Transformer model;
  double seq_len_tokens = 4096;
  std::shared_ptr<const HfImport> imported;  ///< what a config import assumed or skipped (null for presets)
};

/// What `model=` and `hf_config=` state, as a TrainingRequest takes it: a preset name, a config
/// path or a model built in code (at most one is set; the library checks that one is).
struct ModelArg {
  std::string preset;
  std::string hf_config;
  std::optional<Transformer> transformer;
};

/// Reads `model` (None, a str preset name or a llmcost.Model) and `hf_config` (None, a str or an
/// os.PathLike). TypeError [llmcost.python.type] for any other type.
inline ModelArg model_arg(const py::handle& model, const py::handle& hf_config) {
  ModelArg a;
  if (!model.is_none()) {
    if (py::isinstance<PyModel>(model)) {
      a.transformer = model.cast<const PyModel&>().model;
    } else if (py::isinstance<py::str>(model)) {
      a.preset = model.cast<std::string>();
      // A config.json given where a preset name belongs: say where it goes instead of "unknown preset".
      if (py::module_::import("os.path").attr("isfile")(model).cast<bool>())
        throw invalid_input("llmcost.training.model",
                            "model = \"" + a.preset + "\" is a file, not a preset name; pass a config.json as "
                            "hf_config= (or a llmcost.Model.from_hf_config(path) as model=)");
    } else {
      throw py::type_error("[llmcost.python.type] model = " + std::string(py::repr(model)) +
                           ": give a preset name (str, llmcost.model_names()) or a llmcost.Model "
                           "(llmcost.model(name), llmcost.Model.from_hf_config(path)); a config.json path goes to "
                           "hf_config=");
    }
  }
  if (!hf_config.is_none()) {
    const py::object path = py::module_::import("os").attr("fspath")(hf_config);
    if (!py::isinstance<py::str>(path))
      throw py::type_error("[llmcost.python.type] hf_config = " + std::string(py::repr(hf_config)) +
                           ": give the path of a config.json as str or os.PathLike");
    a.hf_config = path.cast<std::string>();
  }
  return a;
}

}  // namespace llmcost::python
