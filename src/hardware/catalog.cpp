#include "llmcost/hardware/catalog.hpp"

#include <cmath>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "common/registry.hpp"
#include "common/suggest.hpp"
#include "common/toml_reader.hpp"
#include "llmcost/detail/quote.hpp"
#include "llmcost/detail/unit_cast.hpp"
#include "llmcost/error.hpp"

namespace llmcost {
namespace {

constexpr detail::RegistryFile kFile{"accelerator", "the catalog file", "llmcost.catalog.invalid_file", "catalog file",
                                     "accelerators.toml"};

std::string peak_key(Precision p) { return "peak_" + std::string(to_string(p)) + "_flop_per_s"; }

// The accepted range of each number of an entry: generous physical bounds (B200: 9e15 FP4 FLOP/s,
// 1.8e12 B/s NVLink, 192e9 B HBM, 1,000 W) that keep every estimate built on a chip finite.
struct Range {
  double lo, hi;
};
Range range_of(std::string_view key) {
  if (key.starts_with("peak_")) return {1e6, 1e18};                   // FLOP/s
  if (key == "hbm_capacity_bytes") return {1e6, 1e15};                 // B
  if (key.ends_with("_bytes_per_s")) return {1e6, 1e15};               // B/s (HBM, scale-up, scale-out)
  if (key == "tdp_w") return {1, 1e5};                                 // W
  if (key.starts_with("matmul_efficiency_")) return {1e-3, 1};         // fraction of the dense peak
  if (key == "launch_year") return {1950, 2100};
  if (key == "gpus_per_node") return {1, 1e4};
  if (key == "rental_usd_per_gpu_hour") return {1e-6, 1e4};
  if (key == "purchase_usd_per_gpu") return {1e-6, 1e8};
  return {0, 1e300};
}

// `raw` when it lies in the key's accepted range; otherwise a problem at its line and nullopt.
std::optional<Sourced<double>> in_range(std::optional<Sourced<double>> raw, const toml::table& entry,
                                        std::string_view key, detail::Problems& problems) {
  if (!raw) return std::nullopt;
  const Range r = range_of(key);
  if (raw->value < r.lo || raw->value > r.hi) {
    const toml::node* n = entry.get(key);
    const toml::node* v = n && n->as_table() ? n->as_table()->get("value") : n;
    problems.add(v, detail::concat("\"", key, "\": value ", raw->value, " is outside the accepted range [", r.lo,
                                   ", ", r.hi, "]"));
    return std::nullopt;
  }
  return raw;
}

template <class Q>
std::optional<Sourced<Q>> as_quantity(const std::optional<Sourced<double>>& raw, double scale = 1.0) {
  if (!raw) return std::nullopt;
  return Sourced<Q>{detail::from_raw<Q>(raw->value * scale), raw->provenance};
}

std::optional<Sourced<int>> as_int(const std::optional<Sourced<double>>& raw,
                                   const toml::table& entry, std::string_view key,
                                   detail::Problems& problems) {
  if (!raw) return std::nullopt;
  const double v = raw->value;
  if (v != std::floor(v)) {
    problems.add(entry.get(key), detail::concat("\"", key, "\": ", v, " must be a whole number"));
    return std::nullopt;
  }
  return Sourced<int>{static_cast<int>(v), raw->provenance};  // in range: in_range() came first
}

const std::vector<std::string>& entry_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k{"id", "full_name", "vendor", "aliases", "notes", "launch_year",
                               "gpus_per_node", "hbm_capacity_bytes", "hbm_bandwidth_bytes_per_s",
                               "scale_up_bandwidth_bytes_per_s", "scale_out_bandwidth_bytes_per_s",
                               "tdp_w", "matmul_efficiency_bf16", "matmul_efficiency_fp8",
                               "rental_usd_per_gpu_hour", "purchase_usd_per_gpu"};
    for (Precision p : all_precisions) k.push_back(peak_key(p));
    return k;
  }();
  return keys;
}

Accelerator read_entry(const toml::table& e, const detail::SourceTable& sources,
                       detail::Problems& problems) {
  detail::check_keys(e, entry_keys(), "[[accelerator]]", problems);
  Accelerator a;
  a.id = detail::read_string(e, "id", problems);
  if (const toml::node* id = e.get("id"); id && id->is_string() && detail::normalize_name(a.id).empty())
    problems.add(id, detail::concat("\"id\" = ", detail::quoted(a.id),
                                    " names nothing; an id needs a letter or a digit"));
  a.full_name = detail::read_string(e, "full_name", problems, false);
  a.vendor = detail::read_string(e, "vendor", problems, false);
  a.notes = detail::read_string(e, "notes", problems, false);
  if (const toml::node* al = e.get("aliases")) {
    if (const toml::array* arr = al->as_array()) {
      for (const auto& item : *arr) {
        if (const auto* s = item.as_string()) {
          if (detail::normalize_name(s->get()).empty())
            problems.add(&item, detail::concat("alias ", detail::quoted(s->get()),
                                               " names nothing; an alias needs a letter or a digit"));
          a.aliases.push_back(s->get());
        } else
          problems.add(&item, "\"aliases\" must contain strings");
      }
    } else {
      problems.add(al, "\"aliases\" must be an array of strings");
    }
  }
  auto num = [&](std::string_view key) {
    return in_range(detail::read_sourced_number(e, key, sources, problems), e, key, problems);
  };
  a.launch_year = as_int(num("launch_year"), e, "launch_year", problems);
  a.gpus_per_node = as_int(num("gpus_per_node"), e, "gpus_per_node", problems);
  for (Precision p : all_precisions)
    a.peak[static_cast<std::size_t>(p)] = as_quantity<FlopsPerSecond>(num(peak_key(p)));
  a.hbm_capacity = as_quantity<Bytes>(num("hbm_capacity_bytes"));
  a.hbm_bandwidth = as_quantity<BytesPerSecond>(num("hbm_bandwidth_bytes_per_s"));
  a.scale_up_bandwidth = as_quantity<BytesPerSecond>(num("scale_up_bandwidth_bytes_per_s"));
  a.scale_out_bandwidth = as_quantity<BytesPerSecond>(num("scale_out_bandwidth_bytes_per_s"));
  a.tdp = as_quantity<Watts>(num("tdp_w"));
  a.matmul_efficiency_bf16 = as_quantity<Ratio>(num("matmul_efficiency_bf16"));
  a.matmul_efficiency_fp8 = as_quantity<Ratio>(num("matmul_efficiency_fp8"));
  auto range = [&](std::string_view key) -> std::optional<detail::RawRange> {
    auto r = detail::read_sourced_range(e, key, sources, problems);
    if (!r) return std::nullopt;
    const Range lim = range_of(key);
    if (r->low < lim.lo || r->high > lim.hi) {
      problems.add(e.get(key), detail::concat("\"", key, "\": low ", r->low, " and high ", r->high,
                                              " must lie in the accepted range [", lim.lo, ", ", lim.hi, "]"));
      return std::nullopt;
    }
    return r;
  };
  if (auto r = range("rental_usd_per_gpu_hour"))
    a.rental_price = SourcedRange<UsdPerGpuHour>{usd_per_gpu_hour(r->low), usd_per_gpu_hour(r->high),
                                                 r->provenance};
  if (auto r = range("purchase_usd_per_gpu"))
    a.purchase_price = SourcedRange<UsdPerGpu>{usd_per_gpu(r->low), usd_per_gpu(r->high), r->provenance};
  return a;
}

// Every name of an entry, normalised.
std::vector<std::string> names_of(const Accelerator& a) {
  std::vector<std::string> out;
  detail::for_each_name(a, [&](const std::string& n) { out.push_back(detail::normalize_name(n)); });
  return out;
}

}  // namespace

Catalog::Catalog(std::vector<Accelerator> entries)
    : entries_(std::move(entries)), index_(detail::name_index(entries_)) {}

Catalog Catalog::from_toml(std::string_view text, std::string_view origin) {
  // An id or alias that names nothing is reported by read_entry.
  auto skip_empty = [](const Accelerator&, const toml::table&, detail::Problems&) {};
  return Catalog(detail::read_registry<Accelerator>(text, origin, kFile, read_entry,
                                                    detail::unique_names<Accelerator>(kFile.entry, skip_empty)));
}

Catalog Catalog::from_file(const std::filesystem::path& path) { return detail::read_registry_file<Catalog>(path, kFile); }

const Catalog& Catalog::builtin() { return detail::builtin_registry<Catalog>(kFile); }

Catalog Catalog::merged(const Catalog& overrides) const {
  std::vector<Accelerator> out = entries_;
  // Each name of ours -> the entry holding it (an override keeps its entry's position).
  std::unordered_map<std::string, std::size_t> owner;
  for (const auto& [key, i] : index_) owner.emplace(key, i);
  for (const auto& o : overrides.entries_) {
    const auto on = detail::normalize_name(o.id);
    auto it = std::find_if(entries_.begin(), entries_.end(),
                           [&](const Accelerator& a) { return detail::normalize_name(a.id) == on; });
    const std::size_t replaced = it != entries_.end() ? static_cast<std::size_t>(it - entries_.begin()) : entries_.size();
    // A name of the override may not be another entry's id or alias: a lookup would then find one
    // of two chips. Overriding a chip means giving its id.
    for (const auto& n : names_of(o)) {
      const auto clash = owner.find(n);
      if (clash == owner.end() || clash->second == replaced) continue;
      const Accelerator& other = entries_[clash->second];
      throw invalid_input(
          "llmcost.catalog.name_clash",
          detail::concat("catalog entry ", detail::quoted(o.id), ": the name ", detail::quoted(n),
                         " is already a name of ", detail::quoted(other.id),
                         "; to override that chip give id = ", detail::quoted(other.id), ", otherwise rename it"));
    }
    if (replaced < entries_.size())
      out[replaced] = o;
    else
      out.push_back(o);
  }
  return Catalog(std::move(out));
}

const Accelerator* Catalog::try_find(std::string_view name) const noexcept {
  return detail::find_in_index(entries_, index_, name);
}

const Accelerator& Catalog::find(std::string_view name) const {
  if (const Accelerator* a = try_find(name)) return *a;
  detail::throw_unknown_entry(entries_, name, "llmcost.catalog.unknown_chip", " is not in the catalog");
}

const Accelerator& chip(std::string_view name) { return Catalog::builtin().find(name); }

// ---- JSON -------------------------------------------------------------------------

namespace {

nlohmann::ordered_json provenance_json(const Provenance& p) {
  nlohmann::ordered_json j{{"source", p.citation}, {"source_id", p.source_id}, {"grade", to_string(p.grade)}};
  if (!p.url.empty()) j["url"] = p.url;
  if (!p.note.empty()) j["note"] = p.note;
  if (!p.source_date.empty()) j["source_date"] = p.source_date;
  if (!p.as_of.empty()) j["as_of"] = p.as_of;
  return j;
}

template <class T>
void put(nlohmann::ordered_json& j, nlohmann::ordered_json& sources, const std::string& key,
         const std::optional<Sourced<T>>& f) {
  if (!f) {
    j[key] = nullptr;
    return;
  }
  if constexpr (std::is_same_v<T, int>)
    j[key] = f->value;
  else
    j[key] = detail::to_raw(f->value);
  sources[key] = provenance_json(f->provenance);
}

template <class Q>
void put_range(nlohmann::ordered_json& j, nlohmann::ordered_json& sources, const std::string& key,
               const std::optional<SourcedRange<Q>>& r, double scale) {
  if (!r) {
    j[key] = nullptr;
    return;
  }
  j[key] = {{"low", detail::to_raw(r->low) * scale}, {"high", detail::to_raw(r->high) * scale}};
  if (!r->provenance.as_of.empty()) j[key]["as_of"] = r->provenance.as_of;
  sources[key] = provenance_json(r->provenance);
}

nlohmann::ordered_json accelerator_json(const Accelerator& a) {
  nlohmann::ordered_json j;
  nlohmann::ordered_json sources = nlohmann::ordered_json::object();
  j["id"] = a.id;
  j["full_name"] = a.full_name;
  j["vendor"] = a.vendor;
  j["aliases"] = a.aliases;
  put(j, sources, "launch_year", a.launch_year);
  put(j, sources, "gpus_per_node", a.gpus_per_node);
  for (Precision p : all_precisions) put(j, sources, peak_key(p), a.peak[static_cast<std::size_t>(p)]);
  put(j, sources, "hbm_capacity_bytes", a.hbm_capacity);
  put(j, sources, "hbm_bandwidth_bytes_per_s", a.hbm_bandwidth);
  put(j, sources, "scale_up_bandwidth_bytes_per_s", a.scale_up_bandwidth);
  put(j, sources, "scale_out_bandwidth_bytes_per_s", a.scale_out_bandwidth);
  put(j, sources, "tdp_w", a.tdp);
  put(j, sources, "matmul_efficiency_bf16", a.matmul_efficiency_bf16);
  put(j, sources, "matmul_efficiency_fp8", a.matmul_efficiency_fp8);
  put_range(j, sources, "rental_usd_per_gpu_hour", a.rental_price, seconds_per_hour);
  put_range(j, sources, "purchase_usd_per_gpu", a.purchase_price, 1.0);
  if (!a.notes.empty()) j["notes"] = a.notes;
  j["sources"] = std::move(sources);
  return j;
}

nlohmann::ordered_json conventions_json() {
  return {
      {"peaks", "dense (no 2:4 sparsity); int8 counted in OP/s"},
      {"bandwidth", "scale-up and scale-out are bidirectional per GPU (H100 NVLink 900 GB/s = 450 GB/s each way)"},
      {"units", "SI base values; the unit is in the key name"},
      {"grades", "primary | derived | secondary | weak"},
  };
}

}  // namespace

std::string to_json(const Accelerator& a, int indent) { return accelerator_json(a).dump(indent); }

std::string to_json(const Catalog& c, int indent) {
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const auto& a : c.all()) arr.push_back(accelerator_json(a));
  nlohmann::ordered_json j{{"conventions", conventions_json()}, {"accelerators", std::move(arr)}};
  return j.dump(indent);
}

}  // namespace llmcost
