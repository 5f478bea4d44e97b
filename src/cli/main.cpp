// llmcost: the command line tool.
//
// Exit codes: 0 success; 1 input error (unknown chip, bad file, invalid value) or a failed
// write, with the tagged message on stderr; 2 usage error (unknown option or subcommand,
// missing argument).
#include <exception>
#include <iostream>
#include <new>
#include <string>

#include "cli/cli.hpp"
#include "llmcost/error.hpp"
#include "llmcost/format.hpp"
#include "llmcost/version.hpp"

namespace {

// Messages can quote what the user or a file gave (a name, a path): never let one drive the
// terminal.
void print_error(const std::string& message) {
  std::cerr << "llmcost: " << llmcost::escape_control(message, /*keep_newlines=*/true) << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"llmcost: sourced, unit-safe estimates of LLM training and inference cost", "llmcost"};
  llmcost::cli::install_help_formatter(app);  // before the subcommands, which inherit it
  app.set_version_flag("--version", std::string("llmcost ") + llmcost::version_string);
  app.require_subcommand(1);
  llmcost::cli::add_catalog_option(app);
  llmcost::cli::register_chips(app);
  llmcost::cli::register_reproduce(app);
  llmcost::cli::register_inference(app);
  llmcost::cli::register_model(app);
  llmcost::cli::register_training(app);
  llmcost::cli::register_run(app);
  llmcost::cli::register_search(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    const std::string unknown = llmcost::cli::unknown_subcommand_message(app, argc, argv);
    print_error(unknown.empty() ? std::string(e.what()) : unknown);
    std::cerr << "Run with --help for more information.\n";
    return 2;
  } catch (const llmcost::error& e) {
    print_error(dynamic_cast<const std::exception&>(e).what());
    return 1;
  } catch (const std::bad_alloc&) {
    print_error("[llmcost.out_of_memory] not enough memory for this request; ask for fewer samples, a smaller "
                "sweep or a smaller model");
    return 1;
  } catch (const std::exception& e) {
    print_error(std::string("[llmcost.internal] ") + e.what());
    return 1;
  }
  return 0;
}
