// Help text that speaks to users instead of showing CLI11's internals, and the message for
// an unknown subcommand.
#include <algorithm>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "cli/cli.hpp"

namespace llmcost::cli {
namespace {

// Splits at ':' outside braces ("UINT:INT in [1 - 256]", "ENUM:value in {a->1,b->2} OR {1,2}").
std::vector<std::string> split_type_name(const std::string& s) {
  std::vector<std::string> parts(1);
  int depth = 0;
  for (char c : s) {
    if (c == '{' || c == '[') ++depth;
    if (c == '}' || c == ']') --depth;
    if (c == ':' && depth == 0) {
      parts.emplace_back();
      continue;
    }
    parts.back() += c;
  }
  return parts;
}

// "{csv->2,json->1}" -> "csv|json"; "{random,sobol}" -> "random|sobol".
std::string choices(const std::string& braced) {
  const std::size_t open = braced.find('{'), close = braced.find('}', open);
  if (open == std::string::npos || close == std::string::npos) return braced;
  std::string out, item;
  auto flush = [&] {
    const std::size_t arrow = item.find("->");
    out += (out.empty() ? "" : "|") + (arrow == std::string::npos ? item : item.substr(0, arrow));
    item.clear();
  };
  for (std::size_t i = open + 1; i < close; ++i) {
    if (braced[i] == ',') flush();
    else item += braced[i];
  }
  if (!item.empty()) flush();
  return out;
}

// CLI11's type name with its validators' descriptions, in words: "UINT:INT in [1 - 256]" ->
// "whole number 1..256", "TEXT:FILE" -> "FILE", "TEXT:{random,sobol}" -> "random|sobol",
// "FLOAT:POSITIVE" -> "number > 0".
std::string plain_type(const std::string& type_name) {
  const std::vector<std::string> parts = split_type_name(type_name);
  const std::string& base = parts.front();
  std::string noun = base == "UINT"      ? "whole number"
                     : base == "INT"     ? "integer"
                     : base == "FLOAT"   ? "number"
                     : base == "BOOLEAN" ? "true|false"
                     : base == "ENUM"    ? ""
                                         : base;
  static const std::regex range(R"(^\s*\w+ (?:in|bounded to) \[(.+) - (.+)\]\s*$)");
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const std::string& v = parts[i];
    std::smatch m;
    if (std::regex_match(v, m, range)) noun += " " + m[1].str() + ".." + m[2].str();
    else if (v == "POSITIVE") noun += " > 0";
    else if (v == "NONNEGATIVE") noun += " >= 0";
    else if (v == "FILE" || v == "DIR") noun = v;
    else if (v.rfind("PATH", 0) == 0) noun = "PATH";
    else if (v.find('{') != std::string::npos) noun = choices(v);
    else if (!v.empty()) noun += " (" + v + ")";
  }
  return noun;
}

// The first long name ("--model"), else the first short one ("-m").
std::string flag_name(const CLI::Option* opt) {
  if (!opt->get_lnames().empty()) return "--" + opt->get_lnames().front();
  if (!opt->get_snames().empty()) return "-" + opt->get_snames().front();
  return opt->get_name();
}

// An option group (a nameless subcommand holding options, e.g. "model source").
bool is_option_group(const CLI::App* sub) { return sub->get_name().empty() && !sub->get_group().empty(); }

// The options an option group shows (its own -h/--help is not one of them).
std::vector<const CLI::Option*> group_options(const CLI::App* sub) {
  return sub->get_options([sub](const CLI::Option* o) {
    return o->nonpositional() && o != sub->get_help_ptr() && o != sub->get_help_all_ptr();
  });
}

// "exactly one of these is required" and the like; empty when the group requires nothing.
std::string group_requirement(const CLI::App* sub) {
  const std::size_t lo = sub->get_require_option_min(), hi = sub->get_require_option_max();
  const auto count = [](std::size_t n) { return n == 1 ? std::string("one") : std::to_string(n); };
  if (lo > 0 && hi == lo) return "exactly " + count(lo) + " of these is required";
  if (lo > 0 && hi > lo) return "between " + count(lo) + " and " + count(hi) + " of these are required";
  if (lo > 0) return "at least " + count(lo) + " of these is required";
  if (hi > 0) return "at most " + count(hi) + " of these";
  return {};
}

class HelpFormatter : public CLI::Formatter {
 public:
  HelpFormatter() { column_width(40); }

  std::string make_option_opts(const CLI::Option* opt) const override {
    std::string out;
    if (!opt->get_option_text().empty()) {
      out = " " + opt->get_option_text();
    } else if (opt->get_type_size() != 0) {
      const std::string type = plain_type(opt->get_type_name());
      if (!type.empty()) out += " " + type;
      if (opt->get_expected_max() == CLI::detail::expected_max_vector_size) out += " ...";
      else if (opt->get_expected_min() > 1) out += " x " + std::to_string(opt->get_expected());
      if (!opt->get_default_str().empty()) out += " (default: " + opt->get_default_str() + ")";
    }
    if (opt->get_required()) out += " (required)";
    if (!opt->get_envname().empty()) out += " (environment: " + opt->get_envname() + ")";
    for (const CLI::Option* n : opt->get_needs()) out += " (needs " + flag_name(n) + ")";
    const auto& excludes = opt->get_excludes();
    if (!excludes.empty()) {
      std::string names;
      std::size_t shown = 0;
      for (const CLI::Option* x : excludes) {
        if (shown == 3) break;
        names += (shown++ ? ", " : "") + flag_name(x);
      }
      if (excludes.size() > shown) names += " and " + std::to_string(excludes.size() - shown) + " more";
      out += " (not with " + names + ")";
    }
    return out;
  }

  // Required options first, then the rest in the order they were added.
  std::string make_group(std::string group, bool is_positional, std::vector<const CLI::Option*> opts) const override {
    std::stable_partition(opts.begin(), opts.end(), [](const CLI::Option* o) { return o->get_required(); });
    return CLI::Formatter::make_group(std::move(group), is_positional, std::move(opts));
  }

  // The whole help: CLI11's layout, with option groups separated by the one blank line each
  // group's title starts with (CLI11 adds a second, empty one between groups).
  std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const override {
    if (mode == CLI::AppFormatMode::Sub) return make_expanded(app);
    std::string out;
    out += make_description(app);
    out += make_usage(app, std::move(name));
    out += make_positionals(app);
    for (const CLI::App* sub : app->get_subcommands({}))  // required groups with the required options
      if (is_option_group(sub) && sub->get_require_option_min() > 0) out += make_expanded(sub);
    out += option_groups(app, mode);
    out += make_subcommands(app, mode);
    out += "\n" + make_footer(app);
    return out;
  }

  // The description, and what a group of options requires in words.
  std::string make_description(const CLI::App* app) const override {
    std::string desc = app->get_description();
    if (app->get_required()) desc += desc.empty() ? "(required)" : " (required)";
    return desc.empty() ? std::string() : desc + "\n";
  }

  // An option group as a titled list like any other group: "\nmodel source (exactly one of
  // these is required):\n  --model TEXT ...". Named subcommands (help-all) as CLI11 does.
  std::string make_expanded(const CLI::App* sub) const override {
    if (!is_option_group(sub)) return CLI::Formatter::make_expanded(sub);
    const std::vector<const CLI::Option*> opts = group_options(sub);
    if (opts.empty()) return {};
    const std::string requirement = group_requirement(sub);
    return make_group(sub->get_group() + (requirement.empty() ? "" : " (" + requirement + ")"), false, opts);
  }

  // Named subcommands by group; option groups that require something were printed first.
  std::string make_subcommands(const CLI::App* app, CLI::AppFormatMode mode) const override {
    std::string out;
    std::vector<std::string> groups;
    for (const CLI::App* sub : app->get_subcommands({})) {
      if (sub->get_name().empty()) {
        if (is_option_group(sub) && sub->get_require_option_min() == 0) out += make_expanded(sub);
        continue;
      }
      const std::string g = sub->get_group();
      if (!g.empty() && std::find(groups.begin(), groups.end(), g) == groups.end()) groups.push_back(g);
    }
    for (const std::string& g : groups) {
      out += "\n" + g + ":\n";
      for (const CLI::App* sub : app->get_subcommands({})) {
        if (sub->get_name().empty() || sub->get_group() != g) continue;
        out += mode == CLI::AppFormatMode::All ? sub->help(sub->get_name(), CLI::AppFormatMode::Sub) + "\n"
                                               : make_subcommand(sub);
      }
    }
    return out;
  }

  std::string option_groups(const CLI::App* app, CLI::AppFormatMode mode) const {
    std::string out;
    for (const std::string& group : app->get_groups()) {
      std::vector<const CLI::Option*> opts = app->get_options([app, mode, &group](const CLI::Option* opt) {
        return opt->get_group() == group && opt->nonpositional() &&
               (mode != CLI::AppFormatMode::Sub ||
                (app->get_help_ptr() != opt && app->get_help_all_ptr() != opt));
      });
      if (!group.empty() && !opts.empty()) out += make_group(group, false, opts);
    }
    return out;
  }

  // "Usage: llmcost estimate training --model TEXT --chip TEXT [OPTIONS]": the required
  // options spelled out, the others as [OPTIONS].
  std::string make_usage(const CLI::App* app, std::string name) const override {
    std::string out = get_label("Usage") + ":" + (name.empty() ? "" : " ") + name;
    bool optional_options = false;
    for (const CLI::Option* opt : app->get_options([](const CLI::Option* o) { return o->nonpositional(); })) {
      if (opt->get_required()) {
        out += " " + flag_name(opt);
        const std::string type = opt->get_type_size() != 0 ? plain_type(opt->get_type_name()) : "";
        if (!type.empty()) out += " " + (type.find(' ') == std::string::npos ? type : "VALUE");
      } else {
        optional_options = true;
      }
    }
    for (const CLI::App* sub : app->get_subcommands({})) {
      if (!is_option_group(sub) || sub->get_require_option_min() == 0) continue;
      std::string alternatives;
      for (const CLI::Option* opt : group_options(sub)) {
        const std::string type = opt->get_type_size() != 0 ? plain_type(opt->get_type_name()) : "";
        alternatives += (alternatives.empty() ? "" : " | ") + flag_name(opt) +
                        (type.empty() ? "" : " " + (type.find(' ') == std::string::npos ? type : "VALUE"));
      }
      if (!alternatives.empty()) out += " (" + alternatives + ")";
    }
    if (optional_options) out += " [" + get_label("OPTIONS") + "]";
    for (const CLI::Option* opt : app->get_options([](const CLI::Option* o) { return o->get_positional(); }))
      out += " " + make_option_usage(opt);
    const auto subs = app->get_subcommands([](const CLI::App* s) { return !s->get_disabled() && !s->get_name().empty(); });
    if (!subs.empty()) {
      const bool required = app->get_require_subcommand_min() > 0;
      out += std::string(" ") + (required ? "" : "[") + "SUBCOMMAND" + (required ? "" : "]");
    }
    return out + "\n";
  }
};

}  // namespace

void install_help_formatter(CLI::App& app) { app.formatter(std::make_shared<HelpFormatter>()); }

std::string unknown_subcommand_message(const CLI::App& app, int argc, const char* const* argv) {
  const CLI::App* cur = &app;
  std::string path = app.get_name().empty() ? "llmcost" : app.get_name();
  for (int i = 1; i < argc; ++i) {
    const std::string tok = argv[i];
    if (tok == "--") return {};
    if (tok.size() > 1 && tok[0] == '-') {
      const std::size_t eq = tok.find('=');
      const CLI::Option* opt = cur->get_option_no_throw(eq == std::string::npos ? tok : tok.substr(0, eq));
      if (opt != nullptr && eq == std::string::npos && opt->get_type_size() != 0) ++i;  // its value
      continue;
    }
    const auto subs = cur->get_subcommands([](const CLI::App* s) { return !s->get_disabled() && !s->get_name().empty(); });
    const auto next = std::find_if(subs.begin(), subs.end(), [&tok](const CLI::App* s) { return s->check_name(tok); });
    if (next != subs.end()) {
      cur = *next;
      path += " " + cur->get_name();
      continue;
    }
    // A word that is no subcommand: fine where the command takes positional arguments.
    const bool takes_positionals =
        !cur->get_options([](const CLI::Option* o) { return o->get_positional(); }).empty();
    if (takes_positionals || subs.empty()) return {};
    std::string names;
    for (const CLI::App* s : subs) names += (names.empty() ? "" : ", ") + s->get_name();
    return "unknown subcommand \"" + tok + "\" for \"" + path + "\"; the subcommands are: " + names + " (see `" +
           path + " --help`)";
  }
  return {};
}

}  // namespace llmcost::cli
