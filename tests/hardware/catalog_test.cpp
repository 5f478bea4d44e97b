// Tests of llmcost/hardware/catalog.hpp and accelerator.hpp.
// Expected values are the vendor/paper figures cited in data/accelerators.toml.
#include "llmcost/hardware/catalog.hpp"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "test_util.hpp"

#include "llmcost/error.hpp"

using namespace llmcost;

namespace {
double raw(const auto& q) { return detail::to_raw(q); }

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

using test::error_of;
}  // namespace

TEST(Catalog, H800HasHalvedNvlinkButTheH100Peaks) {
  // DeepSeek ISCA '25 §4.1: H800 NVLink reduced from 900 GB/s to 400 GB/s; same dense BF16 peak
  // (989 TFLOP/s, implied by 432 TFLOP/s = 43.73% MFU in ISCA '25 Table 4).
  const Accelerator& h800 = chip("H800");
  const Accelerator& h100 = chip("H100");
  EXPECT_EQ(h800.id, "H800-SXM");
  EXPECT_EQ(h100.id, "H100-SXM");
  EXPECT_DOUBLE_EQ(raw(h800.scale_up_bandwidth->value), 400e9);
  EXPECT_DOUBLE_EQ(raw(h100.scale_up_bandwidth->value), 900e9);
  EXPECT_DOUBLE_EQ(raw(h800.require_peak(Precision::bf16)), 989e12);
  EXPECT_DOUBLE_EQ(raw(h100.require_peak(Precision::bf16)), 989e12);
  EXPECT_DOUBLE_EQ(raw(h800.require_peak(Precision::fp8)), raw(h100.require_peak(Precision::fp8)));
  EXPECT_DOUBLE_EQ(raw(*h800.scale_up_per_direction()), 200e9);
}

TEST(Catalog, DatasheetFigures) {
  // NVIDIA A100 datasheet: 312 TFLOPS BF16 dense, 600 GB/s NVLink, no FP8.
  const Accelerator& a100 = chip("A100-SXM-80GB");
  EXPECT_DOUBLE_EQ(raw(a100.require_peak(Precision::bf16)), 312e12);
  EXPECT_DOUBLE_EQ(raw(a100.scale_up_bandwidth->value), 600e9);
  EXPECT_FALSE(a100.supports(Precision::fp8));
  // NVIDIA H100: 3.35 TB/s HBM3, 80 GB, 700 W.
  const Accelerator& h100 = chip("h100 sxm5");
  EXPECT_DOUBLE_EQ(raw(h100.hbm_bandwidth->value), 3.35e12);
  EXPECT_DOUBLE_EQ(raw(h100.hbm_capacity->value), 80e9);
  EXPECT_DOUBLE_EQ(raw(h100.tdp->value), 700.0);
  // HGX B200 per GPU: 2.25 PFLOPS BF16 dense, 9 PFLOPS FP4 dense.
  EXPECT_DOUBLE_EQ(raw(chip("B200").require_peak(Precision::bf16)), 2250e12);
  EXPECT_DOUBLE_EQ(raw(chip("B200").require_peak(Precision::fp4)), 9000e12);
}

TEST(Catalog, RequiredEntriesExist) {
  for (const char* name : {"A100-SXM-40GB", "A100-SXM-80GB", "A100-PCIE-40GB", "V100", "H100-SXM", "H100-PCIE",
                           "H800-SXM", "H20", "H200-SXM", "B200", "GB200", "MI300X", "Gaudi 3", "TPU v4",
                           "TPU v5e", "TPU v5p", "Ascend 910B", "Ascend 910C"}) {
    EXPECT_NE(Catalog::builtin().try_find(name), nullptr) << name;
  }
}

TEST(Catalog, LookupIsCaseAndPunctuationInsensitive) {
  EXPECT_EQ(&chip("h800"), &chip("H800-SXM"));
  EXPECT_EQ(&chip("h800_sxm"), &chip("H800 SXM"));
}

TEST(Catalog, UnknownChipNamesTheClosestMatches) {
  const std::string what = error_of([] { (void)chip("H900"); });
  EXPECT_EQ(what.rfind("[llmcost.catalog.unknown_chip] \"H900\"", 0), 0u) << what;
  EXPECT_NE(what.find("closest: "), std::string::npos) << what;
  EXPECT_NE(what.find("H800-SXM"), std::string::npos) << what;
  EXPECT_THROW((void)chip("H900"), std::out_of_range);
}

TEST(Catalog, Fp8OnA100IsATaggedError) {
  const std::string what = error_of([] { (void)chip("A100").require_peak(Precision::fp8); });
  EXPECT_EQ(what.rfind("[llmcost.hardware.unsupported_precision]", 0), 0u) << what;
  EXPECT_NE(what.find("bf16"), std::string::npos) << what;
}

TEST(Catalog, EmbeddedTableEqualsTheDataFile) {
  const Catalog from_disk = Catalog::from_toml(read_file(LLMCOST_DATA_DIR "/accelerators.toml"), "accelerators.toml");
  ASSERT_EQ(from_disk.size(), Catalog::builtin().size());
  for (std::size_t i = 0; i < from_disk.size(); ++i) {
    EXPECT_EQ(from_disk.all()[i].id, Catalog::builtin().all()[i].id);
    EXPECT_EQ(to_json(from_disk.all()[i]), to_json(Catalog::builtin().all()[i]));
  }
}

// ---- every entry: sourced and physically sane -----------------------------------

class EveryChip : public ::testing::TestWithParam<std::size_t> {};

TEST_P(EveryChip, EveryNumberHasASourceAndIsPositive) {
  const Accelerator& a = Catalog::builtin().all()[GetParam()];
  SCOPED_TRACE(a.id);
  EXPECT_FALSE(a.id.empty());
  EXPECT_FALSE(a.vendor.empty());
  auto check = [&](const auto& field, const char* name) {
    if (!field) return;
    SCOPED_TRACE(name);
    EXPECT_FALSE(field->provenance.citation.empty());
    EXPECT_GT(raw(field->value), 0.0);
  };
  for (Precision p : all_precisions) check(a.peak[static_cast<std::size_t>(p)], "peak");
  check(a.hbm_capacity, "hbm_capacity");
  check(a.hbm_bandwidth, "hbm_bandwidth");
  check(a.scale_up_bandwidth, "scale_up");
  check(a.scale_out_bandwidth, "scale_out");
  check(a.tdp, "tdp");
  if (a.launch_year) {
    EXPECT_FALSE(a.launch_year->provenance.citation.empty());
  }
  if (a.rental_price) {
    EXPECT_FALSE(a.rental_price->provenance.citation.empty());
    EXPECT_LE(raw(a.rental_price->low), raw(a.rental_price->high));
  }
  // Every chip has at least one peak (it is a compute device).
  bool any = false;
  for (Precision p : all_precisions) any = any || a.supports(p);
  EXPECT_TRUE(any);
  // Lower precision is never slower than BF16 where both are listed.
  if (a.supports(Precision::fp8) && a.supports(Precision::bf16)) {
    EXPECT_GE(raw(a.require_peak(Precision::fp8)), raw(a.require_peak(Precision::bf16)));
  }
  // The JSON carries a source for every non-null number.
  const std::string json = to_json(a, -1);
  EXPECT_NE(json.find("\"sources\""), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Builtin, EveryChip,
                         ::testing::Range<std::size_t>(0, Catalog::builtin().size()),
                         [](const auto& param_info) {
                           std::string n = Catalog::builtin().all()[param_info.param].id;
                           for (char& c : n)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

// ---- user files -------------------------------------------------------------------

namespace {
constexpr const char* kGoodUserFile = R"(
schema_version = 1
[sources.mine]
citation = "My lab's measurement, 2026"
[[accelerator]]
id = "H800-SXM"
vendor = "NVIDIA"
aliases = ["H800"]
peak_bf16_flop_per_s = { value = 900e12, source = "mine", grade = "weak", note = "clock-capped" }
[[accelerator]]
id = "X1"
vendor = "Example"
peak_bf16_flop_per_s = { value = 1e15, source = "mine", grade = "weak" }
)";
}  // namespace

TEST(CatalogUserFile, OverridesAndExtendsTheBuiltin) {
  const Catalog user = Catalog::from_toml(kGoodUserFile, "user.toml");
  const Catalog merged = Catalog::builtin().merged(user);
  EXPECT_EQ(merged.size(), Catalog::builtin().size() + 1);
  EXPECT_DOUBLE_EQ(raw(merged.find("h800").require_peak(Precision::bf16)), 900e12);
  EXPECT_EQ(merged.find("x1").peak_at(Precision::bf16)->provenance.citation, "My lab's measurement, 2026");
}

TEST(CatalogUserFile, MalformedTomlGivesFileLineColumn) {
  const std::string what = error_of([] { (void)Catalog::from_toml("[[accelerator]]\nid = \"X\nvendor = 1\n", "bad.toml"); });
  EXPECT_EQ(what.rfind("[llmcost.catalog.invalid_file]", 0), 0u) << what;
  EXPECT_NE(what.find("bad.toml:2:"), std::string::npos) << what;
}

TEST(CatalogUserFile, EveryProblemIsReportedAtOnce) {
  const char* text = R"([sources.s]
citation = "x"
[[accelerator]]
id = "Y"
scale_up_bandwidth_bytes_per_s = { value = -400e9, source = "s", grade = "primary" }
peak_bf16_flop_per_s = { value = 1e15, source = "nope", grade = "primary" }
tdp_w = { value = 700, source = "s", grade = "excellent" }
hbm_bandwith_bytes_per_s = { value = 1, source = "s", grade = "primary" }
)";
  const std::string what = error_of([&] { (void)Catalog::from_toml(text, "user.toml"); });
  EXPECT_EQ(what.rfind("[llmcost.catalog.invalid_file] 4 problems in user.toml:", 0), 0u) << what;
  EXPECT_NE(what.find("user.toml:5:"), std::string::npos) << what;  // negative bandwidth, its line
  EXPECT_NE(what.find("value -4e+11 is out of range"), std::string::npos) << what;
  EXPECT_NE(what.find("unknown source \"nope\""), std::string::npos) << what;
  EXPECT_NE(what.find("grade \"excellent\" is invalid; choices: primary, derived, secondary, weak"),
            std::string::npos) << what;
  EXPECT_NE(what.find("did you mean \"hbm_bandwidth_bytes_per_s\""), std::string::npos) << what;
}

TEST(CatalogUserFile, MissingFileIsAnIoError) {
  EXPECT_THROW((void)Catalog::from_file("/nonexistent/llmcost.toml"), io_error);
}

// ---- hostile user files -------------------------------------------------------------

namespace {
std::string one_entry(const std::string& body) {
  return "schema_version = 1\n[sources.mine]\ncitation = \"x\"\n[[accelerator]]\n" + body;
}
constexpr const char* kPeak = "peak_bf16_flop_per_s = { value = 1e15, source = \"mine\", grade = \"weak\" }\n";
}  // namespace

TEST(CatalogUserFile, ADirectoryIsAnIoErrorNotTheBuiltinCatalog) {
  // Catalog::from_file(<a directory>) used to read nothing and return an empty catalog, so that the
  // merged catalog was silently the built-in one.
  const std::string what = error_of([] { (void)Catalog::from_file(LLMCOST_TEST_DIR "/hardware"); });
  EXPECT_EQ(what.rfind("[llmcost.io.not_a_file] cannot read catalog file \"", 0), 0u) << what;
  EXPECT_NE(what.find("is a directory"), std::string::npos) << what;
  EXPECT_THROW((void)Catalog::from_file(LLMCOST_TEST_DIR "/hardware"), io_error);
}

TEST(CatalogUserFile, AnEmptyIdIsRefused) {
  for (const char* id : {"", "--", " "}) {
    const std::string what = error_of([&] {
      (void)Catalog::from_toml(one_entry(std::string("id = \"") + id + "\"\nvendor = \"V\"\n" + kPeak), "u.toml");
    });
    EXPECT_EQ(what.rfind("[llmcost.catalog.invalid_file]", 0), 0u) << what;
    EXPECT_NE(what.find("u.toml:5:"), std::string::npos) << what;
    EXPECT_NE(what.find("names nothing"), std::string::npos) << what;
  }
}

TEST(CatalogUserFile, ADuplicateIdIsRefused) {
  const std::string text = one_entry(std::string("id = \"X1\"\nvendor = \"V\"\n") + kPeak +
                                     "[[accelerator]]\nid = \"x-1\"\nvendor = \"V\"\n" + kPeak);
  const std::string what = error_of([&] { (void)Catalog::from_toml(text, "u.toml"); });
  EXPECT_NE(what.find("id \"x-1\" is given twice (also \"X1\")"), std::string::npos) << what;
}

TEST(CatalogUserFile, AnAliasClashingWithABuiltinChipIsRefusedNamingBoth) {
  // "My-Chip" calling itself "H100" would shadow (or be shadowed by) the built-in H100-SXM.
  const Catalog user = Catalog::from_toml(
      one_entry(std::string("id = \"My-Chip\"\nvendor = \"V\"\naliases = [\"H100\"]\n") + kPeak), "u.toml");
  const std::string what = error_of([&] { (void)Catalog::builtin().merged(user); });
  EXPECT_EQ(what.rfind("[llmcost.catalog.name_clash] catalog entry \"My-Chip\": the name \"h100\" is already a name "
                       "of \"H100-SXM\"; to override that chip give id = \"H100-SXM\"",
                       0),
            0u)
      << what;
  // An id that is a built-in alias is the same clash.
  const Catalog by_id = Catalog::from_toml(one_entry(std::string("id = \"H800\"\nvendor = \"V\"\n") + kPeak), "u.toml");
  EXPECT_NE(error_of([&] { (void)Catalog::builtin().merged(by_id); }).find("of \"H800-SXM\""), std::string::npos);
  // An explicit override of the same chip keeps its aliases (kGoodUserFile overrides H800-SXM with alias H800).
  EXPECT_NO_THROW((void)Catalog::builtin().merged(Catalog::from_toml(kGoodUserFile, "user.toml")));
}

TEST(CatalogUserFile, NumbersOutsideTheirPhysicalRangeAreRefused) {
  const std::string text = one_entry(
      "id = \"X1\"\nvendor = \"V\"\n"
      "peak_bf16_flop_per_s = { value = 1e308, source = \"mine\", grade = \"weak\" }\n"
      "hbm_bandwidth_bytes_per_s = { value = 1e-300, source = \"mine\", grade = \"weak\" }\n"
      "gpus_per_node = { value = 1e9, source = \"mine\", grade = \"weak\" }\n"
      "rental_usd_per_gpu_hour = { low = 1, high = 1e308, source = \"mine\", grade = \"weak\" }\n");
  const std::string what = error_of([&] { (void)Catalog::from_toml(text, "u.toml"); });
  EXPECT_EQ(what.rfind("[llmcost.catalog.invalid_file] 4 problems in u.toml:", 0), 0u) << what;
  EXPECT_NE(what.find("u.toml:7:"), std::string::npos) << what;  // the peak's line
  EXPECT_NE(what.find("\"peak_bf16_flop_per_s\": value 1e+308 is outside the accepted range [1000000, 1e+18]"),
            std::string::npos)
      << what;
  EXPECT_NE(what.find("\"hbm_bandwidth_bytes_per_s\": value 1e-300 is outside"), std::string::npos) << what;
  EXPECT_NE(what.find("\"gpus_per_node\": value 1000000000 is outside the accepted range [1, 10000]"), std::string::npos)
      << what;
  EXPECT_NE(what.find("\"rental_usd_per_gpu_hour\": low 1 and high 1e+308 must lie in the accepted range"),
            std::string::npos)
      << what;
}

TEST(CatalogUserFile, ControlCharactersInANameAreEscapedNotTruncating) {
  // A NUL in a chip name used to cut the message short (what() is a C string), and an ESC reached the
  // terminal raw.
  const std::string name("H9\0\x1b[31m", 8);
  const std::string what = error_of([&] { (void)chip(name); });
  EXPECT_EQ(what.rfind("[llmcost.catalog.unknown_chip] \"H9\\x00\\x1b[31m\" is not in the catalog; closest: ", 0), 0u)
      << what;
  EXPECT_EQ(what.find('\0'), std::string::npos);
  EXPECT_EQ(what.find('\x1b'), std::string::npos);
  EXPECT_NE(what.find("known: "), std::string::npos) << what;  // the message goes on past the NUL
}
