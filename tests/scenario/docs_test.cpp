// docs/scenarios.md documents exactly the code's schema: every input path and metric of
// input_schema() appears in a table row, and every backticked row key in the schema tables
// is in the code.
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
