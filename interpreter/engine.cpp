#include "interpreter/engine.hpp"

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

#include "dsl/checker.hpp"
#include "dsl/loader.hpp"
#include "interpreter/builtins.hpp"
#include "interpreter/limits.hpp"
#include "interpreter/timeline.hpp"

namespace tacit::interpreter {
namespace {

// The loader validates declared fields; `any` fields are read as they come.
std::optional<FieldSpec> field_spec(const dsl::Program& program, const dsl::FieldDeclaration& field) {
  const dsl::Type& type = program.types.get(field.type);
  FieldSpec spec;
  spec.name = field.name;
  switch (type.kind) {
    case dsl::TypeKind::number:
    case dsl::TypeKind::quantity:
      spec.kind = FieldKind::number;
      spec.min = field.low;
      spec.max = field.high;
      break;
    case dsl::TypeKind::boolean:
      spec.kind = FieldKind::boolean;
      break;
    case dsl::TypeKind::string:
      spec.kind = type.choices.empty() ? FieldKind::string : FieldKind::choice;
      spec.choices = type.choices;
      break;
    case dsl::TypeKind::date:
      spec.kind = FieldKind::date;
      break;
    case dsl::TypeKind::list:
      spec.kind = FieldKind::array;
      break;
    case dsl::TypeKind::record:
      spec.kind = FieldKind::object;
      break;
    default:
      return std::nullopt;
  }
  return spec;
}

}  // namespace

Engine::Engine() = default;
Engine::~Engine() = default;

Engine::Loaded Engine::load(const EngineOptions& options) {
  Loaded loaded;
  dsl::LoadOptions load_options{options.rule_paths, options.stdlib_dir, options.lib_dirs};
  dsl::LoadResult result = dsl::load_program(load_options, builtin_catalog());
  loaded.diagnostics = std::move(result.diagnostics);
  if (dsl::has_errors(loaded.diagnostics)) {
    loaded.failed = std::make_unique<dsl::Program>(std::move(result.program));
    return loaded;
  }

  auto engine = std::unique_ptr<Engine>(new Engine());
  engine->program_ = std::make_unique<dsl::Program>(std::move(result.program));
  const dsl::Program& program = *engine->program_;
  // Symbols in the program's order, so that a program symbol id is a table id.
  for (const std::string& name : program.symbols) engine->symbols_.intern(name);
  for (const dsl::FieldDeclaration& field : program.fields) {
    if (auto spec = field_spec(program, field)) engine->vocabulary_.declare(std::move(*spec), engine->symbols_);
  }
  engine->params_ = resolve_params(program, options.params, engine->storage_, loaded.usage_errors);

  if (options.definitions.empty()) {
    engine->definitions_ = program.definitions;
  } else {
    std::vector<std::string> known;
    for (const std::uint32_t f : program.definitions) known.push_back(program.files[f].name());
    for (const std::string& id : options.definitions) {
      const auto it = std::find_if(program.definitions.begin(), program.definitions.end(),
                                   [&](std::uint32_t f) { return program.files[f].name() == id; });
      if (it == program.definitions.end()) {
        const std::string hint = dsl::closest_name(id, known);
        loaded.usage_errors.push_back(fmt::format("--definition {}: no such definition among the loaded rules{}", id,
                                                  hint.empty() ? "" : fmt::format("; did you mean '{}'?", hint)));
        continue;
      }
      engine->definitions_.push_back(*it);
    }
  }
  if (!loaded.usage_errors.empty()) return loaded;
  loaded.engine = std::move(engine);
  return loaded;
}

std::vector<DefinitionInfo> Engine::definition_infos() const {
  std::vector<DefinitionInfo> infos;
  for (const std::uint32_t f : definitions_) {
    infos.push_back(DefinitionInfo{program_->files[f].name(), program_->files[f].meta("version")});
  }
  return infos;
}

namespace {

// A patient whose evaluation failed: its outcomes are replaced by one error.
void reject(PatientReport& report, const RawRecord& record, std::string message) {
  report.outcomes.clear();
  DataError data_error;
  data_error.file = std::string(record.origin.file);
  data_error.line = record.origin.line;
  data_error.column = record.origin.column;
  data_error.patient_index = record.origin.patient_index;
  data_error.patient_id = report.patient_id;
  data_error.message = std::move(message);
  report.errors.push_back(std::move(data_error));
}

}  // namespace

struct Session::Impl {
  Impl(const Engine& engine) : parser(engine.symbols(), engine.vocabulary()) {}
  Arena arena;
  PatientParser parser;
  Patient patient;
};

Session::Session(const Engine& engine)
    : engine_(engine), impl_(std::make_unique<Impl>(engine)),
      evaluator_(std::make_unique<Evaluator>(engine.program(), engine.params())) {
  // A debugging switch: evaluate every day from scratch, to compare with the
  // incremental evaluation (docs/performance.md).
  const char* off = std::getenv("TACIT_NO_INCREMENTAL");
  if (off != nullptr && *off != '\0' && *off != '0') evaluator_->set_incremental(false);
  impl_->arena.set_limit(limits::max_patient_arena_bytes);
}

Session::~Session() = default;

Arena& Session::arena() { return impl_->arena; }

const Patient* Session::load(const RawRecord& record, PatientReport& report) {
  impl_->arena.reset();
  report.patient_index = record.origin.patient_index;
  report.line = record.origin.line;
  auto parsed = impl_->parser.parse(record, impl_->arena);
  if (auto* errors = std::get_if<std::vector<DataError>>(&parsed)) {
    report.errors = std::move(*errors);
    if (!report.errors.empty()) report.patient_id = report.errors.front().patient_id;
    return nullptr;
  }
  impl_->patient = std::get<Patient>(parsed);
  report.patient_id = std::string(impl_->patient.id);
  return &impl_->patient;
}

PatientReport Session::evaluate(const RawRecord& record, const VerdictOptions& options) {
  PatientReport report;
  const Patient* patient = load(record, report);
  if (patient == nullptr) return report;
  evaluator_->begin_patient(*patient, impl_->arena);
  try {
    report.outcomes = evaluate_definitions(*evaluator_, engine_.definitions(), options);
  } catch (const EvalError& error) {
    reject(report, record, error.what());
  } catch (const ArenaFull&) {
    reject(report, record,
           fmt::format("expected a patient whose evaluation needs at most {} MiB of memory, found one that needs "
                       "more ({} events; is a row repeated?)",
                       limits::max_patient_arena_bytes / limits::mebibyte, patient->events.size()));
  }
  return report;
}

}  // namespace tacit::interpreter
