#include "common/toml_reader.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "common/suggest.hpp"
#include "llmcost/detail/quote.hpp"
#include "llmcost/error.hpp"

namespace llmcost::detail {

void Problems::add(const toml::source_region& where, std::string message) {
  std::ostringstream os;
  os << origin_ << ':' << where.begin.line << ':' << where.begin.column << ": " << message;
  lines_.push_back(os.str());
}

void Problems::add(const toml::node* node, std::string message) {
  if (node) {
    add(node->source(), std::move(message));
  } else {
    lines_.push_back(origin_ + ": " + message);
  }
}

void Problems::throw_if_any(const std::string& tag) const {
  if (lines_.empty()) return;
  std::string msg = concat(lines_.size(), lines_.size() == 1 ? " problem" : " problems", " in ",
                           origin_, ":");
  for (const auto& l : lines_) msg.append("\n  ").append(l);
  throw invalid_input(tag, msg);
}

void EntryNames::claim(const std::string& name, const toml::node* node, Problems& problems) {
  const std::size_t index = ids_.size() - 1;  // the entry being read
  const auto [it, fresh] = seen_.emplace(name, index);
  if (fresh || it->second == index) return;
  const std::string& owner = ids_[it->second];
  const std::string& id = ids_[index];
  problems.add(node, normalize_name(owner) == normalize_name(id)
                         ? concat("id ", quoted(id), " is given twice (also ", quoted(owner), "); each [[",
                                  array_, "]] needs its own id")
                         : concat("name ", quoted(name), " of ", quoted(id), " is already used by ", quoted(owner)));
}

std::optional<toml::table> parse_toml(std::string_view text, Problems& problems) {
  // toml++ is built with exceptions (Debian's shared library), so errors arrive as parse_error.
  try {
    return toml::parse(text, problems.origin());
  } catch (const toml::parse_error& err) {
    problems.add(err.source(), concat("malformed TOML: ", err.description()));
    return std::nullopt;
  }
}

void check_keys(const toml::table& table, const std::vector<std::string>& allowed,
                std::string_view context, Problems& problems) {
  for (const auto& [key, node] : table) {
    const std::string k(key.str());
    if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
    const auto near = closest(k, allowed, 1);
    std::string msg = concat("unknown key ", quoted(k), " in ", context);
    if (!near.empty() && k.size() <= 256 && edit_distance(normalize_name(k), normalize_name(near[0])) <= 3)
      msg += concat("; did you mean \"", near[0], "\"?");
    else
      msg += concat("; valid keys: ", join(allowed));
    problems.add(&node, msg);
  }
}

const Provenance* SourceTable::find(std::string_view id) const {
  for (const auto& [k, p] : entries)
    if (k == id) return &p;
  return nullptr;
}

std::vector<std::string> SourceTable::ids() const {
  std::vector<std::string> out;
  for (const auto& [k, p] : entries) out.push_back(k);
  return out;
}

SourceTable read_sources(const toml::table& root, Problems& problems, bool with_commit_and_grade) {
  SourceTable out;
  const toml::node* node = root.get("sources");
  if (!node) return out;
  const toml::table* t = node->as_table();
  if (!t) {
    problems.add(node, "\"sources\" must be a table of [sources.<id>] entries");
    return out;
  }
  for (const auto& [key, value] : *t) {
    const toml::table* s = value.as_table();
    if (!s) {
      problems.add(&value, concat("source ", quoted(key.str()), " must be a table"));
      continue;
    }
    std::vector<std::string> keys{"citation", "url", "date"};
    if (with_commit_and_grade) keys.insert(keys.end(), {"commit", "grade", "note"});
    check_keys(*s, keys, concat("source ", quoted(key.str())), problems);
    Provenance p;
    p.source_id = std::string(key.str());
    p.citation = read_string(*s, "citation", problems);
    p.url = read_string(*s, "url", problems, false);
    p.source_date = read_string(*s, "date", problems, false);
    if (with_commit_and_grade) {
      if (const std::string commit = read_string(*s, "commit", problems, false); !commit.empty())
        p.note = "commit " + commit;
      if (const std::string note = read_string(*s, "note", problems, false); !note.empty())
        p.note += (p.note.empty() ? "" : "; ") + note;
      if (const toml::node* g = s->get("grade")) {
        const std::optional<Grade> grade = parse_grade(g->value_or(std::string_view{}));
        if (grade)
          p.grade = *grade;
        else
          problems.add(g, "grade must be one of primary, derived, secondary, weak");
      }
    }
    out.entries.emplace_back(p.source_id, std::move(p));
  }
  return out;
}

std::optional<double> as_number(const toml::node& node) noexcept {
  if (const auto* f = node.as_floating_point()) return f->get();
  if (const auto* i = node.as_integer()) return static_cast<double>(i->get());
  return std::nullopt;
}

std::optional<double> read_number(const toml::table& entry, std::string_view key, double lo, double hi,
                                  Problems& problems, bool required) {
  const toml::node* n = entry.get(key);
  if (!n) {
    if (required) problems.add(entry.source(), concat("missing required key \"", key, "\""));
    return std::nullopt;
  }
  const std::optional<double> v = as_number(*n);
  if (!v || !(*v >= lo && *v <= hi)) {
    problems.add(n, concat("\"", key, "\" must be a number in [", lo, ", ", hi, "]"));
    return std::nullopt;
  }
  return v;
}

std::string read_string(const toml::table& entry, std::string_view key, Problems& problems,
                        bool required) {
  const toml::node* n = entry.get(key);
  if (!n) {
    if (required) problems.add(entry.source(), concat("missing required key \"", key, "\""));
    return {};
  }
  if (const auto* s = n->as_string()) return s->get();
  problems.add(n, concat("\"", key, "\" must be a string"));
  return {};
}

namespace {

// Reads source/grade/note/as_of of a sourced field table into a Provenance.
bool read_provenance(const toml::table& field, std::string_view key, const SourceTable& sources,
                     Problems& problems, Provenance& out) {
  bool ok = true;
  const std::string src = read_string(field, "source", problems);
  if (!src.empty()) {
    if (const Provenance* p = sources.find(src)) {
      out = *p;
    } else {
      const auto near = closest(src, sources.ids(), 3);
      problems.add(field.get("source"), concat("\"", key, "\": unknown source ", quoted(src),
                                               "; closest [sources] ids: ", join(near)));
      ok = false;
    }
  } else {
    ok = false;
  }
  const std::string grade = read_string(field, "grade", problems);
  if (auto g = parse_grade(grade)) {
    out.grade = *g;
  } else {
    if (!grade.empty())
      problems.add(field.get("grade"), concat("\"", key, "\": grade ", quoted(grade),
                                              " is invalid; choices: primary, derived, secondary, weak"));
    ok = false;
  }
  out.note = read_string(field, "note", problems, false);
  const std::string as_of = read_string(field, "as_of", problems, false);
  if (!as_of.empty()) out.as_of = as_of;
  return ok;
}

}  // namespace

std::optional<Sourced<double>> read_sourced_number(const toml::table& entry, std::string_view key,
                                                   const SourceTable& sources, Problems& problems,
                                                   bool allow_zero) {
  const toml::node* n = entry.get(key);
  if (!n) return std::nullopt;
  const toml::table* field = n->as_table();
  if (!field) {
    problems.add(n, concat("\"", key,
                           "\" must be an inline table { value = ..., source = \"...\", grade = \"...\" }"));
    return std::nullopt;
  }
  check_keys(*field, {"value", "source", "grade", "note", "as_of"}, concat("\"", key, "\""),
             problems);
  Sourced<double> out;
  bool ok = read_provenance(*field, key, sources, problems, out.provenance);
  const toml::node* v = field->get("value");
  if (!v) {
    problems.add(n, concat("\"", key, "\": missing \"value\""));
    return std::nullopt;
  }
  const auto x = as_number(*v);
  if (!x) {
    problems.add(v, concat("\"", key, "\": value must be a number"));
    return std::nullopt;
  }
  if (!std::isfinite(*x) || *x < 0 || (!allow_zero && *x == 0)) {
    problems.add(v, concat("\"", key, "\": value ", *x, " is out of range; expected a finite number ",
                           allow_zero ? ">= 0" : "> 0"));
    return std::nullopt;
  }
  out.value = *x;
  if (!ok) return std::nullopt;
  return out;
}

std::optional<RawRange> read_sourced_range(const toml::table& entry, std::string_view key,
                                           const SourceTable& sources, Problems& problems) {
  const toml::node* n = entry.get(key);
  if (!n) return std::nullopt;
  const toml::table* field = n->as_table();
  if (!field) {
    problems.add(n, concat("\"", key, "\" must be an inline table { low = ..., high = ..., source, grade }"));
    return std::nullopt;
  }
  check_keys(*field, {"low", "high", "source", "grade", "note", "as_of"}, concat("\"", key, "\""),
             problems);
  RawRange out;
  bool ok = read_provenance(*field, key, sources, problems, out.provenance);
  for (const char* bound : {"low", "high"}) {
    const toml::node* v = field->get(bound);
    const auto x = v ? as_number(*v) : std::nullopt;
    if (!x || !std::isfinite(*x) || *x <= 0) {
      problems.add(v ? v : n, concat("\"", key, "\": \"", bound, "\" must be a finite number > 0"));
      ok = false;
      continue;
    }
    (std::string_view(bound) == "low" ? out.low : out.high) = *x;
  }
  if (ok && out.low > out.high) {
    problems.add(n, concat("\"", key, "\": low ", out.low, " exceeds high ", out.high));
    ok = false;
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace llmcost::detail
