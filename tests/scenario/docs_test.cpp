// docs/scenarios.md documents exactly the code's schema: every input path and metric of
// input_schema() appears in a table row, and every backticked row key in the schema tables
// is in the code.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "llmcost/scenario/scenario.hpp"

TEST(ScenarioDocs, SchemaTablesMatchTheCode) {
  std::ifstream in(std::string(LLMCOST_SOURCE_DIR) + "/docs/scenarios.md");
  ASSERT_TRUE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string doc = ss.str();
  const auto schema_at = doc.find("## Schema");
  ASSERT_NE(schema_at, std::string::npos);
  std::set<std::string> documented;
  const std::regex row(R"(\n\| `([a-z0-9_.]+)` \|)");
  const std::string tables = doc.substr(schema_at);
  for (std::sregex_iterator it(tables.begin(), tables.end(), row), end; it != end; ++it) documented.insert((*it)[1]);
  std::set<std::string> code;
  for (const auto& m : llmcost::input_schema()) {
    for (const auto& i : m.inputs) code.insert(i.path);
    for (const auto& x : m.metrics) code.insert(x.name);
    for (const auto& b : m.bases) {
      EXPECT_NE(tables.find("`" + b + "`"), std::string::npos) << "base " << b << " missing from docs";
    }
  }
  for (const auto& k : code) {
    EXPECT_TRUE(documented.count(k)) << k << " is in the code's schema but not in docs/scenarios.md";
  }
  for (const auto& k : documented) {
    EXPECT_TRUE(code.count(k)) << k << " is in docs/scenarios.md but not in the code's schema";
  }
}

// The "accepted range" column states each input's range as the code enforces it.
TEST(ScenarioDocs, AcceptedRangesMatchTheCode) {
  std::ifstream in(std::string(LLMCOST_SOURCE_DIR) + "/docs/scenarios.md");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string doc = ss.str();
  const std::string tables = doc.substr(doc.find("## Schema"));
  auto g = [](double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", x);
    return std::string(buf);
  };
  int checked = 0;
  for (const auto& m : llmcost::input_schema()) {
    const auto section = tables.find("### `" + m.kind + "`");
    ASSERT_NE(section, std::string::npos) << m.kind;
    for (const auto& i : m.inputs) {
      std::string range;
      if (!i.is_text) {
        range = (i.min_exclusive ? "(" : "[") + g(i.min) + ", " + g(i.max) + "]";
      } else if (i.choices.empty()) {
        range = "name";
      } else {
        for (const auto& c : i.choices) range += (range.empty() ? "" : ", ") + c;
      }
      const std::regex row("\\n\\| `" + std::regex_replace(i.path, std::regex("\\."), "\\.") + "` \\| [^|]+ \\| ([^|]+) \\|");
      std::smatch hit;
      const std::string rest = tables.substr(section);
      ASSERT_TRUE(std::regex_search(rest, hit, row)) << i.path;
      EXPECT_EQ(hit[1].str(), range) << m.kind << " " << i.path;
      EXPECT_TRUE(i.is_text || std::isfinite(i.max)) << i.path << ": every numeric input has a finite range";
      ++checked;
    }
  }
  EXPECT_GT(checked, 40);
}
