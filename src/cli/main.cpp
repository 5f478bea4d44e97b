// llmcost: the command line tool.
//
// Exit codes: 0 success; 1 input error (unknown chip, bad file, invalid value), with
// the tagged message on stderr; 2 usage error (unknown option, missing argument).
#include <exception>
#include <iostream>

#include "cli/cli.hpp"
#include "llmcost/error.hpp"
#include "llmcost/version.hpp"

int main(int argc, char** argv) {
  CLI::App app{"llmcost: sourced, unit-safe estimates of LLM training and inference cost"};
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
    app.exit(e);  // prints the message and usage hint
    return 2;
  } catch (const llmcost::error& e) {
    std::cerr << "llmcost: " << dynamic_cast<const std::exception&>(e).what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "llmcost: [llmcost.internal] " << e.what() << "\n";
    return 1;
  }
  return 0;
}
