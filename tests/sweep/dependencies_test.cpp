// The sampling layer stands alone: nothing under include/llmcost/sweep/ or src/sweep/ includes a
// scenario header (scenarios build on sweep/, not the reverse).
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace fs = std::filesystem;

TEST(SweepDependencies, NoFileIncludesScenario) {
  const fs::path root{LLMCOST_SOURCE_DIR};
  int files = 0;
  for (const fs::path& dir : {root / "include" / "llmcost" / "sweep", root / "src" / "sweep"}) {
    ASSERT_TRUE(fs::is_directory(dir)) << dir;
    for (const auto& f : fs::directory_iterator(dir)) {
      std::ifstream in(f.path());
      std::string line;
      while (std::getline(in, line)) {
        if (line.starts_with("#include")) {
          EXPECT_EQ(line.find("scenario/"), std::string::npos) << f.path() << ": " << line;
        }
      }
      ++files;
    }
  }
  EXPECT_GE(files, 8);  // column, distribution, monte_carlo, sobol_indices, summary + sources
}
