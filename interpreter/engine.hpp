// The library's façade: everything the command line (or another host) needs.
//
//   Engine     the checked rule program of a run, its parameters, the field
//              symbols and vocabulary the timeline loader validates against.
//              Immutable once loaded; shared by all threads.
//   Session    one worker's state: its Arena, parser and evaluator. Turns one
//              patient's JSON text into a PatientReport.
//   run_cohort streams a timeline through a pool of sessions and writes results
//              in input order (interpreter/cohort.cpp).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dsl/diagnostic.hpp"
#include "dsl/program.hpp"
#include "interpreter/params.hpp"
#include "interpreter/record_reader.hpp"
#include "interpreter/result_format.hpp"
#include "interpreter/symbols.hpp"
#include "interpreter/verdict.hpp"
#include "interpreter/vocabulary.hpp"

namespace tacit::interpreter {

struct EngineOptions {
  std::vector<std::filesystem::path> rule_paths;
  std::filesystem::path stdlib_dir;
  std::vector<std::filesystem::path> lib_dirs;
  std::vector<ParamOverride> params;
  std::vector<std::string> definitions;  // ids to evaluate; empty: every loaded definition
};

class Engine {
 public:
  struct Loaded {
    std::unique_ptr<Engine> engine;       // null when there are errors
    dsl::Diagnostics diagnostics;         // rule-file errors and warnings
    std::unique_ptr<dsl::Program> failed;  // keeps the sources the diagnostics point into
    std::vector<std::string> usage_errors;  // bad --param or --definition
  };
  [[nodiscard]] static Loaded load(const EngineOptions& options);

  [[nodiscard]] const dsl::Program& program() const { return *program_; }
  [[nodiscard]] const SymbolTable& symbols() const { return symbols_; }
  [[nodiscard]] const Vocabulary& vocabulary() const { return vocabulary_; }
  [[nodiscard]] std::span<const Value> params() const { return params_; }
  // File indexes of the definitions to evaluate, in output order.
  [[nodiscard]] const std::vector<std::uint32_t>& definitions() const { return definitions_; }
  [[nodiscard]] std::vector<DefinitionInfo> definition_infos() const;

  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  ~Engine();

 private:
  Engine();
  std::unique_ptr<dsl::Program> program_;
  SymbolTable symbols_;
  Vocabulary vocabulary_;
  Arena storage_;
  std::vector<Value> params_;
  std::vector<std::uint32_t> definitions_;
};

class Session {
 public:
  explicit Session(const Engine& engine);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Parses and evaluates one patient. The report's events point into this
  // session's arena and stay valid until the next call.
  PatientReport evaluate(const RawRecord& record, const VerdictOptions& options);
  // Parses only (for explain); nullopt and errors in `report` when rejected.
  const Patient* load(const RawRecord& record, PatientReport& report);

  [[nodiscard]] Evaluator& evaluator() { return *evaluator_; }
  [[nodiscard]] Arena& arena();

 private:
  const Engine& engine_;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::unique_ptr<Evaluator> evaluator_;
};

}  // namespace tacit::interpreter
