#pragma once
// File: llmcost/provenance.hpp
//
// Where a number comes from. Every catalog number in llmcost (chip specs, prices,
// model presets, published claims) is a `Sourced<T>`: the value, the source it was
// read in, and a quality grade:
//   primary   — read in the originator's own document (datasheet, paper, official repo);
//   derived   — arithmetic on primary numbers (the note gives the formula);
//   secondary — a reputable relay of a primary that could not be opened;
//   weak      — blog, marketing, aggregator, or unsourced; use as a range only.
//
//   const auto& h800 = llmcost::chip("H800");
//   h800.peak_bf16->provenance.grade;   // Grade::derived (from DeepSeek's MFU)
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace llmcost {

/// Source-quality grade of a number.
enum class Grade { primary, derived, secondary, weak };

/// "primary", "derived", "secondary" or "weak".
constexpr std::string_view to_string(Grade g) noexcept {
  switch (g) {
    case Grade::primary: return "primary";
    case Grade::derived: return "derived";
    case Grade::secondary: return "secondary";
    case Grade::weak: return "weak";
  }
  return "weak";
}

/// Parses a grade name; std::nullopt when `s` is not one of the four names.
constexpr std::optional<Grade> parse_grade(std::string_view s) noexcept {
  if (s == "primary") return Grade::primary;
  if (s == "derived") return Grade::derived;
  if (s == "secondary") return Grade::secondary;
  if (s == "weak") return Grade::weak;
  return std::nullopt;
}

/// The source of one number.
struct Provenance {
  std::string source_id;  ///< short key of the source, e.g. "nv-h100-datasheet"
  std::string citation;   ///< full citation of the original document
  std::string url;        ///< where it can be read (may be empty)
  std::string source_date;  ///< publication date of the source (may be empty)
  Grade grade = Grade::weak;
  std::string note;       ///< how the number was read or derived (may be empty)
  std::string as_of;      ///< date the number refers to, for prices (may be empty)
};

/// A Provenance from its parts (for sources written in code rather than in data/*.toml).
inline Provenance make_provenance(std::string source_id, std::string citation, std::string url,
                                  std::string source_date, Grade grade, std::string note = {}) {
  Provenance p;
  p.source_id = std::move(source_id);
  p.citation = std::move(citation);
  p.url = std::move(url);
  p.source_date = std::move(source_date);
  p.grade = grade;
  p.note = std::move(note);
  return p;
}

/// A default that stood in for an input the user did not give (the requests of
/// estimate/training_request.hpp and estimate/serving_request.hpp list them in their results).
struct DefaultUsed {
  std::string input;   ///< the request field, e.g. "batch_per_gpu", "price_usd_per_gpu_hour"
  std::string value;   ///< the value used, as text ("64", "fp8", "2 (lowest catalog quote; highest 2)")
  std::string source;  ///< where it comes from
};

/// A value with its provenance.
template <class T>
struct Sourced {
  T value{};
  Provenance provenance;
};

/// A range [low, high] with its provenance (prices, which move with time).
template <class T>
struct SourcedRange {
  T low{};
  T high{};
  Provenance provenance;
  /// Arithmetic midpoint; the value itself when low == high.
  [[nodiscard]] T mid() const { return (low + high) / 2.0; }
};

}  // namespace llmcost
