#include "dsl/loader.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "dsl/checker.hpp"
#include "dsl/limits.hpp"
#include "dsl/parser.hpp"

namespace tacit::dsl {
namespace {

namespace fs = std::filesystem;

// The offset of the first byte that is not part of well-formed UTF-8, if any.
std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    std::uint32_t min = 0;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if ((c & 0xE0) == 0xC0) {
      length = 2;
      min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3;
      min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4;
      min = 0x10000;
    } else {
      return i;
    }
    if (i + length > text.size()) return i;
    std::uint32_t code = c & (0xFF >> (length + 1));
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return i;
      code = (code << 6) | (next & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return i;
    i += length;
  }
  return std::nullopt;
}

Diagnostic file_error(std::string message) { return Diagnostic{Severity::error, std::move(message), nullptr, {}, {}}; }

class Loader {
 public:
  Loader(const LoadOptions& options, LoadResult& result) : options_(options), result_(result) {}

  // Adds a root file (given on the command line); returns its file index.
  std::optional<std::uint32_t> add_root(std::unique_ptr<SourceFile> source, const fs::path& path) {
    const auto index = add_parsed(std::move(source), path);
    if (!index) return std::nullopt;
    roots_.push_back(*index);
    return index;
  }

  void add_path(const fs::path& path) {
    const std::vector<fs::path> files = rule_files_in({path});
    if (files.empty()) {
      result_.diagnostics.push_back(file_error(fmt::format("{}: no .tacit rule files in this folder", path.string())));
    }
    for (const auto& file : files) add_file(file);
  }

  void resolve_imports() {
    // Breadth-first over the files as they are added; cycles are found afterwards.
    for (std::uint32_t f = 0; f < result_.program.files.size(); ++f) {
      const auto items = result_.program.files[f].ast.items;  // copy: files may grow
      for (const Item& item : items) {
        const auto* import = std::get_if<Import>(&item.node);
        if (import == nullptr) continue;
        resolve_import(f, *import);
      }
    }
    find_cycles();
  }

  void finish() {
    Program& program = result_.program;
    std::map<std::string, std::uint32_t> ids;
    for (const std::uint32_t root : roots_) {
      const CheckedFile& file = program.files[root];
      if (!file.is_definition()) continue;
      const auto [it, inserted] = ids.emplace(file.name(), root);
      if (!inserted) {
        const CheckedFile& first = program.files[it->second];
        result_.diagnostics.push_back(Diagnostic{
            Severity::error, fmt::format("definition '{}' is loaded twice", file.name()), file.source,
            file.ast.header.name_span, {Note{"first loaded here", first.source, first.ast.header.name_span}}});
        continue;
      }
      program.definitions.push_back(root);
    }
  }

 private:
  void add_file(const fs::path& path) {
    auto source = read_rule_file(path, result_.diagnostics);
    if (source) add_root(std::move(source), path);
  }

  std::optional<std::uint32_t> add_parsed(std::unique_ptr<SourceFile> source, const fs::path& path) {
    std::error_code error;
    const fs::path canonical = fs::weakly_canonical(path, error);
    if (const auto it = by_path_.find(canonical.string()); it != by_path_.end()) return it->second;
    if (result_.program.files.size() >= kMaxImportedFiles) {
      result_.diagnostics.push_back(
          file_error(fmt::format("{}: more than {} rule files in one run", path.string(), kMaxImportedFiles)));
      return std::nullopt;
    }
    Program& program = result_.program;
    program.sources.push_back(std::move(source));
    const SourceFile& text = *program.sources.back();
    if (const auto bad = first_invalid_utf8(text.text())) {
      const auto offset = static_cast<std::uint32_t>(*bad);
      result_.diagnostics.push_back(Diagnostic{
          Severity::error,
          fmt::format("expected UTF-8 text, found the byte 0x{:02X}", static_cast<unsigned char>(text.text()[*bad])),
          &text, Span{text.position_at(offset), text.position_at(offset + 1)}, {}});
      return std::nullopt;
    }
    ParseResult parsed = parse_file(text);
    const bool failed = has_errors(parsed.diagnostics);
    for (auto& d : parsed.diagnostics) result_.diagnostics.push_back(std::move(d));
    if (failed) return std::nullopt;
    CheckedFile file;
    file.source = &text;
    file.ast = std::move(parsed.ast);
    const auto index = static_cast<std::uint32_t>(program.files.size());
    program.files.push_back(std::move(file));
    by_path_.emplace(canonical.string(), index);
    return index;
  }

  std::optional<fs::path> find_module(const std::string& name) {
    std::vector<fs::path> found;
    std::vector<fs::path> folders{options_.stdlib_dir};
    folders.insert(folders.end(), options_.lib_dirs.begin(), options_.lib_dirs.end());
    for (const auto& folder : folders) {
      if (folder.empty()) continue;
      const fs::path candidate = folder / (name + ".tacit");
      std::error_code error;
      if (fs::is_regular_file(candidate, error)) found.push_back(candidate);
    }
    if (found.empty()) return std::nullopt;
    return found.front();
  }

  void resolve_import(std::uint32_t f, const Import& import) {
    Program& program = result_.program;
    const SourceFile* source = program.files[f].source;
    const std::string alias = import.alias.empty() ? import.module : import.alias;
    if (program.files[f].imports.count(alias) != 0) {
      result_.diagnostics.push_back(Diagnostic{Severity::error, fmt::format("'{}' is imported twice", alias), source,
                                               import.module_span, {}});
      return;
    }
    const auto path = find_module(import.module);
    if (!path) {
      std::vector<std::string> available;
      std::vector<fs::path> folders{options_.stdlib_dir};
      folders.insert(folders.end(), options_.lib_dirs.begin(), options_.lib_dirs.end());
      for (const auto& folder : folders) {
        std::error_code error;
        for (const auto& entry : fs::directory_iterator(folder, error)) {
          if (entry.path().extension() == ".tacit") available.push_back(entry.path().stem().string());
        }
      }
      const std::string hint = closest_name(import.module, available);
      result_.diagnostics.push_back(Diagnostic{
          Severity::error,
          fmt::format("no module '{}' in the stdlib or the --lib folders{}", import.module,
                      hint.empty() ? "" : fmt::format("; did you mean '{}'?", hint)),
          source, import.module_span, {}});
      return;
    }
    auto module_source = read_rule_file(*path, result_.diagnostics);
    if (!module_source) return;
    const auto index = add_parsed(std::move(module_source), *path);
    if (!index) return;
    const CheckedFile& module = program.files[*index];
    if (module.is_definition()) {
      result_.diagnostics.push_back(Diagnostic{
          Severity::error,
          fmt::format("'{}' is a definition; only modules can be imported", import.module), source,
          import.module_span, {}});
      return;
    }
    if (module.name() != import.module) {
      result_.diagnostics.push_back(Diagnostic{
          Severity::error,
          fmt::format("{} declares module '{}', expected '{}' (the file name)", path->filename().string(),
                      module.name(), import.module),
          module.source, module.ast.header.name_span, {}});
      return;
    }
    program.files[f].imports.emplace(alias, *index);
    edges_.push_back({f, *index, import.module_span});
  }

  void find_cycles() {
    const Program& program = result_.program;
    const std::size_t n = program.files.size();
    std::vector<int> state(n, 0);  // 0 new, 1 on the path, 2 done
    std::vector<std::uint32_t> path;
    std::vector<Span> spans;
    const auto visit = [&](auto&& self, std::uint32_t f) -> void {
      state[f] = 1;
      path.push_back(f);
      for (const auto& edge : edges_) {
        if (edge.from != f) continue;
        if (state[edge.to] == 1) {
          std::string chain;
          const auto start = std::find(path.begin(), path.end(), edge.to);
          for (auto it = start; it != path.end(); ++it) chain += program.files[*it].name() + " -> ";
          chain += program.files[edge.to].name();
          result_.diagnostics.push_back(Diagnostic{Severity::error, fmt::format("import cycle: {}", chain),
                                                   program.files[f].source, edge.span, {}});
        } else if (state[edge.to] == 0) {
          self(self, edge.to);
        }
      }
      path.pop_back();
      state[f] = 2;
    };
    for (std::uint32_t f = 0; f < n; ++f) {
      if (state[f] == 0) visit(visit, f);
    }
  }

  struct Edge {
    std::uint32_t from;
    std::uint32_t to;
    Span span;
  };

  const LoadOptions& options_;
  LoadResult& result_;
  std::map<std::string, std::uint32_t> by_path_;
  std::vector<std::uint32_t> roots_;
  std::vector<Edge> edges_;
};

// At most kMaxErrorsPerFile errors per file (the parser stops there by itself;
// the checker does not): the last one shown says how many more there were.
void limit_errors_per_file(Diagnostics& diagnostics) {
  std::vector<std::pair<const SourceFile*, std::size_t>> counts;  // first-seen order
  Diagnostics kept;
  std::vector<std::size_t> last_kept;  // per file: index in `kept` of its last error
  for (auto& d : diagnostics) {
    if (d.severity != Severity::error || d.file == nullptr) {
      kept.push_back(std::move(d));
      continue;
    }
    auto it = std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == d.file; });
    if (it == counts.end()) {
      counts.emplace_back(d.file, 0);
      last_kept.push_back(0);
      it = counts.end() - 1;
    }
    if (++it->second > kMaxErrorsPerFile) continue;
    last_kept[static_cast<std::size_t>(it - counts.begin())] = kept.size();
    kept.push_back(std::move(d));
  }
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i].second <= kMaxErrorsPerFile) continue;
    kept[last_kept[i]].notes.push_back(
        Note{fmt::format("{} more errors in this file were not reported (at most {} are)",
                         counts[i].second - kMaxErrorsPerFile, kMaxErrorsPerFile),
             nullptr,
             {}});
  }
  diagnostics = std::move(kept);
}

// The checker finds problems in the order it resolves definitions (a let is
// checked where it is first used); a reader expects them in the order of the
// text. Files keep the order in which they first appear.
void sort_by_position(Diagnostics& diagnostics, std::size_t from) {
  std::vector<const SourceFile*> files;
  for (std::size_t i = from; i < diagnostics.size(); ++i) {
    if (std::find(files.begin(), files.end(), diagnostics[i].file) == files.end()) files.push_back(diagnostics[i].file);
  }
  const auto file_rank = [&](const SourceFile* file) { return std::find(files.begin(), files.end(), file) - files.begin(); };
  std::stable_sort(diagnostics.begin() + static_cast<std::ptrdiff_t>(from), diagnostics.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) {
                     if (a.file != b.file) return file_rank(a.file) < file_rank(b.file);
                     return a.span.begin.offset < b.span.begin.offset;
                   });
}

void check_if_clean(LoadResult& result, const BuiltinCatalog& builtins) {
  if (has_errors(result.diagnostics)) return;
  const std::size_t from = result.diagnostics.size();
  check_program(result.program, builtins, result.diagnostics);
  sort_by_position(result.diagnostics, from);
  limit_errors_per_file(result.diagnostics);
}

}  // namespace

std::vector<std::filesystem::path> rule_files_in(const std::vector<std::filesystem::path>& paths) {
  std::vector<fs::path> files;
  for (const auto& path : paths) {
    std::error_code error;
    if (!fs::is_directory(path, error)) {
      files.push_back(path);
      continue;
    }
    std::vector<fs::path> found;
    for (const auto& entry : fs::directory_iterator(path, error)) {
      if (entry.is_regular_file() && entry.path().extension() == ".tacit") found.push_back(entry.path());
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

std::unique_ptr<SourceFile> read_rule_file(const std::filesystem::path& path, Diagnostics& diagnostics) {
  std::error_code error;
  if (!fs::is_regular_file(path, error)) {
    diagnostics.push_back(file_error(fmt::format("{}: no such rule file", path.string())));
    return nullptr;
  }
  const auto size = fs::file_size(path, error);
  if (!error && size > kMaxRuleFileBytes) {
    diagnostics.push_back(file_error(fmt::format("{}: rule file is {} bytes, larger than the limit of {} bytes",
                                                 path.string(), size, kMaxRuleFileBytes)));
    return nullptr;
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (text.size() > kMaxRuleFileBytes) {
    diagnostics.push_back(file_error(fmt::format("{}: rule file is larger than the limit of {} bytes", path.string(),
                                                 kMaxRuleFileBytes)));
    return nullptr;
  }
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  return std::make_unique<SourceFile>(path.string(), std::move(text));
}

LoadResult load_program(const LoadOptions& options, const BuiltinCatalog& builtins) {
  LoadResult result;
  Loader loader(options, result);
  for (const auto& path : options.paths) loader.add_path(path);
  loader.resolve_imports();
  loader.finish();
  check_if_clean(result, builtins);
  return result;
}

LoadResult load_program_from_text(const std::string& name, const std::string& text, const LoadOptions& options,
                                  const BuiltinCatalog& builtins) {
  LoadResult result;
  Loader loader(options, result);
  loader.add_root(std::make_unique<SourceFile>(name, text), name);
  for (const auto& path : options.paths) loader.add_path(path);
  loader.resolve_imports();
  loader.finish();
  check_if_clean(result, builtins);
  return result;
}

}  // namespace tacit::dsl
