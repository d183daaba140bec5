// Stage 2: resolve names and check types, once per run, before any patient.
// Items are checked lazily in dependency order, so a let may use a later let and
// a cycle (recursion) is found where it closes.
#include "dsl/checker.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "dsl/ast_walk.hpp"
#include "dsl/check_expr.hpp"

namespace tacit::dsl {

std::string closest_name(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(1, name.size() / 3) + 1;
  for (const auto& candidate : candidates) {
    // Levenshtein distance, two rows.
    std::vector<std::size_t> previous(candidate.size() + 1);
    std::vector<std::size_t> current(candidate.size() + 1);
    for (std::size_t j = 0; j <= candidate.size(); ++j) previous[j] = j;
    for (std::size_t i = 1; i <= name.size(); ++i) {
      current[0] = i;
      for (std::size_t j = 1; j <= candidate.size(); ++j) {
        const std::size_t cost = name[i - 1] == candidate[j - 1] ? 0 : 1;
        current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      }
      std::swap(previous, current);
    }
    if (previous[candidate.size()] < best_distance) {
      best_distance = previous[candidate.size()];
      best = candidate;
    }
  }
  return best;
}

std::string CheckedFile::meta(std::string_view key) const {
  for (const auto& entry : ast.header.meta) {
    if (entry.key != key) continue;
    const auto& node = ast.expr(entry.value).node;
    if (const auto* text = std::get_if<StringLiteral>(&node)) {
      std::string out;
      for (const auto& part : text->parts) out += part.text;
      return out;
    }
    if (const auto* number = std::get_if<NumberLiteral>(&node)) return number->text;
  }
  return {};
}

std::uint32_t Program::symbol(const std::string& name) {
  const auto [it, inserted] = symbol_ids.emplace(name, static_cast<std::uint32_t>(symbols.size()));
  if (inserted) symbols.push_back(name);
  return it->second;
}

namespace {

const std::set<std::string, std::less<>> kMetaKeys = {"title",  "version", "society", "year",       "status",
                                                      "cite",   "author",  "summary", "confidence", "url"};
const std::set<std::string, std::less<>> kRepeatableMeta = {"cite", "author"};

class ProgramChecker {
 public:
  ProgramChecker(Program& program, const BuiltinCatalog& builtins, Diagnostics& diagnostics)
      : program_(program), builtins_(builtins), diagnostics_(diagnostics) {}

  void run() {
    for (std::uint32_t f = 0; f < program_.files.size(); ++f) {
      CheckedFile& file = program_.files[f];
      file.resolutions.assign(file.ast.exprs.size(), Resolution{});
      file.types.assign(file.ast.exprs.size(), program_.types.none());
      check_header(file);
      declare_globals(f);
    }
    ExprChecker exprs(program_, builtins_, diagnostics_);
    for (std::uint32_t f = 0; f < program_.files.size(); ++f) {
      declare_fields(f, exprs);
    }
    for (std::uint32_t f = 0; f < program_.files.size(); ++f) {
      check_items(f, exprs);
    }
    for (const std::uint32_t f : program_.definitions) {
      analyse_reachability(f);
    }
  }

 private:
  void error(const CheckedFile& file, const Span& span, std::string message, std::vector<Note> notes = {}) {
    diagnostics_.push_back(Diagnostic{Severity::error, std::move(message), file.source, span, std::move(notes)});
  }
  void warning(const CheckedFile& file, const Span& span, std::string message) {
    diagnostics_.push_back(Diagnostic{Severity::warning, std::move(message), file.source, span, {}});
  }

  void check_header(const CheckedFile& file) {
    const Header& header = file.ast.header;
    std::set<std::string, std::less<>> seen;
    std::vector<std::string> keys(kMetaKeys.begin(), kMetaKeys.end());
    for (const auto& entry : header.meta) {
      if (kMetaKeys.count(entry.key) == 0) {
        const std::string hint = closest_name(entry.key, keys);
        error(file, entry.key_span,
              fmt::format("unknown header entry '{}'{}", entry.key,
                          hint.empty() ? fmt::format("; expected one of {}", fmt::join(keys, ", "))
                                       : fmt::format("; did you mean '{}'?", hint)));
        continue;
      }
      if (!seen.insert(entry.key).second && kRepeatableMeta.count(entry.key) == 0) {
        error(file, entry.key_span, fmt::format("'{}' is given twice in the header", entry.key));
      }
      const auto& node = file.ast.expr(entry.value).node;
      const bool is_number = std::holds_alternative<NumberLiteral>(node);
      const Span& value_span = file.ast.expr(entry.value).span;
      if (entry.key == "year") {
        const auto* number = std::get_if<NumberLiteral>(&node);
        if (number == nullptr || number->value < 1900 || number->value > 2100 || number->value != static_cast<int>(number->value)) {
          error(file, value_span, "expected a year such as 2014 after 'year'");
        }
      } else if (entry.key == "status") {
        if (entry.word != "draft" && entry.word != "reviewed" && entry.word != "approved") {
          error(file, value_span, "expected draft, reviewed or approved after 'status'");
        }
      } else if (is_number || !entry.word.empty()) {
        error(file, value_span, fmt::format("expected a string after '{}'", entry.key));
      } else if (entry.key == "version") {
        const std::string version = file.meta("version");
        unsigned a = 0;
        unsigned b = 0;
        unsigned c = 0;
        char extra = 0;
        if (std::sscanf(version.c_str(), "%u.%u.%u%c", &a, &b, &c, &extra) != 3) {
          error(file, value_span, fmt::format("expected a version MAJOR.MINOR.PATCH such as \"1.0.0\", found \"{}\"", version));
        }
      }
    }
    const char* required_definition[] = {"title", "version", "status", "cite"};
    if (file.is_definition()) {
      for (const char* key : required_definition) {
        if (seen.count(key) == 0) {
          error(file, header.name_span,
                fmt::format("definition '{}' has no '{}' in its header (required: title, version, status, cite)",
                            header.name, key));
        }
      }
    } else if (seen.count("title") == 0) {
      error(file, header.name_span, fmt::format("module '{}' has no 'title' in its header", header.name));
    }
  }

  void declare_globals(std::uint32_t f) {
    CheckedFile& file = program_.files[f];
    for (std::uint32_t i = 0; i < file.ast.items.size(); ++i) {
      const Item& item = file.ast.items[i];
      std::optional<Global> global;
      Span name_span;
      std::visit(
          [&](const auto& node) {
            using T = std::decay_t<decltype(node)>;
            if constexpr (std::is_same_v<T, Param>) {
              global = Global{Global::Kind::param, f, i, node.name};
              name_span = node.name_span;
            } else if constexpr (std::is_same_v<T, Let>) {
              global = Global{Global::Kind::let, f, i, node.name};
              name_span = node.name_span;
            } else if constexpr (std::is_same_v<T, Fn>) {
              global = Global{Global::Kind::fn, f, i, node.name};
              name_span = node.name_span;
            } else if constexpr (std::is_same_v<T, Clause>) {
              global = Global{Global::Kind::clause, f, i, node.name};
              name_span = node.name_span;
            } else if constexpr (std::is_same_v<T, Verdict>) {
              if (!file.is_definition()) {
                error(file, item.span, fmt::format("module '{}' cannot have a verdict; only a definition can", file.name()));
              } else if (file.verdict != kNoExpr) {
                error(file, item.span, "a definition has exactly one verdict; this is the second");
              } else {
                file.verdict = node.value;
              }
            }
          },
          item.node);
      if (!global) continue;
      const auto existing = file.names.find(global->name);
      if (existing != file.names.end()) {
        const Global& first = program_.globals[existing->second];
        error(file, name_span, fmt::format("'{}' is already defined in this file", global->name),
              {Note{"first defined here", file.source, file.ast.items[first.item].span}});
        continue;
      }
      if (file.imports.count(global->name) != 0) {
        error(file, name_span, fmt::format("'{}' is already the name of an imported module", global->name));
        continue;
      }
      const auto id = static_cast<std::uint32_t>(program_.globals.size());
      program_.globals.push_back(*global);
      file.names.emplace(global->name, id);
      if (global->kind == Global::Kind::clause) file.clauses.push_back(id);
    }
    if (file.is_definition() && file.verdict == kNoExpr) {
      error(file, file.ast.header.name_span, fmt::format("definition '{}' has no verdict", file.name()));
    }
  }

  void declare_fields(std::uint32_t f, ExprChecker& exprs) {
    CheckedFile& file = program_.files[f];
    for (const Item& item : file.ast.items) {
      const auto* decl = std::get_if<FieldDecl>(&item.node);
      if (decl == nullptr) continue;
      const TypeId type = exprs.type_from(f, decl->type);
      FieldDeclaration field{decl->name, program_.symbol(decl->name), type, std::nullopt, std::nullopt, f, decl->name_span};
      if (decl->range) {
        field.low = exprs.constant_number(f, decl->range->low);
        field.high = exprs.constant_number(f, decl->range->high);
      }
      const auto previous = std::find_if(program_.fields.begin(), program_.fields.end(),
                                         [&](const FieldDeclaration& d) { return d.name == decl->name; });
      if (previous != program_.fields.end()) {
        const CheckedFile& other = program_.files[previous->file];
        error(file, decl->name_span, fmt::format("field '{}' is already declared", decl->name),
              {Note{"declared here", other.source, previous->span}});
        continue;
      }
      program_.fields.push_back(std::move(field));
    }
  }

  void check_items(std::uint32_t f, ExprChecker& exprs) {
    CheckedFile& file = program_.files[f];
    for (const auto& [name, id] : file.names) exprs.ensure_global(id);
    if (file.verdict != kNoExpr) {
      Frame frame(f);
      const TypeId type = exprs.check(frame, file.verdict);
      exprs.expect_bool(f, file.verdict, type, "the verdict");
      file.verdict_frame_size = frame.max_slot;
    }
    for (const Item& item : file.ast.items) {
      if (const auto* check = std::get_if<Check>(&item.node)) {
        Frame frame(f);
        const TypeId type = exprs.check(frame, check->value);
        exprs.expect_bool(f, check->value, type, "a check");
        file.checks.push_back(CheckedFile::CheckItem{check->description, check->value, frame.max_slot, item.span});
      }
      if (const auto* clause = std::get_if<Clause>(&item.node)) {
        if (clause->cites.empty()) {
          warning(file, clause->name_span, fmt::format("clause '{}' has no citation; add cite \"...\"", clause->name));
        }
      }
    }
  }

  // Which globals the verdict reaches: unused ones are warnings, and the event
  // types it reads decide which dates can change its value.
  void analyse_reachability(std::uint32_t f) {
    const CheckedFile& file = program_.files[f];
    if (file.verdict == kNoExpr) return;
    std::set<std::uint32_t> reached;
    std::vector<std::pair<std::uint32_t, ExprId>> work{{f, file.verdict}};
    for (const std::uint32_t clause : file.clauses) reached.insert(clause);  // clauses are reported even if unused
    for (const std::uint32_t clause : file.clauses) work.emplace_back(f, body_of(program_.globals[clause]));
    bool all_types = false;
    std::set<std::string> types;
    std::set<std::pair<std::uint32_t, ExprId>> visited;
    while (!work.empty()) {
      auto [file_index, root] = work.back();
      work.pop_back();
      if (root == kNoExpr || !visited.insert({file_index, root}).second) continue;
      const CheckedFile& owner = program_.files[file_index];
      for_each_node(owner.ast, root, [&](ExprId id) {
        const Resolution& r = owner.resolutions[id];
        if (r.kind == Resolution::Kind::global && reached.insert(r.index).second) {
          const Global& g = program_.globals[r.index];
          work.emplace_back(g.file, body_of(g));
        } else if (r.kind == Resolution::Kind::global) {
          const Global& g = program_.globals[r.index];
          work.emplace_back(g.file, body_of(g));
        }
        if (r.kind == Resolution::Kind::builtin && builtins_[r.index].name == "events") {
          const auto* call = std::get_if<Call>(&owner.ast.expr(id).node);
          if (call == nullptr || call->args.empty()) {
            all_types = true;
            return;
          }
          const auto* literal = std::get_if<StringLiteral>(&owner.ast.expr(call->args.front().value).node);
          if (literal == nullptr || literal->parts.size() != 1 || literal->parts.front().expr != kNoExpr) {
            all_types = true;
          } else {
            types.insert(literal->parts.front().text);
          }
        }
      });
    }
    if (all_types) {
      program_.event_types[f] = std::nullopt;
    } else {
      program_.event_types[f] = std::vector<std::string>(types.begin(), types.end());
    }
    for (const auto& [name, id] : file.names) {
      const Global& g = program_.globals[id];
      if (g.kind == Global::Kind::param || reached.count(id) != 0) continue;
      warning(file, name_span_of(g), fmt::format("'{}' is never used by the verdict", name));
    }
  }

  ExprId body_of(const Global& g) const {
    const Item& item = program_.files[g.file].ast.items[g.item];
    switch (g.kind) {
      case Global::Kind::let:
        return std::get<Let>(item.node).value;
      case Global::Kind::fn:
        return std::get<Fn>(item.node).body;
      case Global::Kind::clause:
        return std::get<Clause>(item.node).body;
      case Global::Kind::param:
        return kNoExpr;
    }
    return kNoExpr;
  }

  Span name_span_of(const Global& g) const {
    const Item& item = program_.files[g.file].ast.items[g.item];
    return std::visit(
        [&](const auto& node) -> Span {
          if constexpr (requires { node.name_span; }) {
            return node.name_span;
          } else {
            return item.span;
          }
        },
        item.node);
  }

  Program& program_;
  const BuiltinCatalog& builtins_;
  Diagnostics& diagnostics_;
};

}  // namespace

void check_program(Program& program, const BuiltinCatalog& builtins, Diagnostics& diagnostics) {
  ProgramChecker(program, builtins, diagnostics).run();
}

}  // namespace tacit::dsl
