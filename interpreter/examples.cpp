#include "interpreter/examples.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <simdjson.h>

#include "interpreter/timeline.hpp"

namespace tacit::interpreter {
namespace {

namespace fs = std::filesystem;

struct Case {
  std::string name;
  std::string patient_json;
  std::vector<ParamOverride> params;
  std::optional<Date> as_of;
  std::string verdict;
  std::optional<std::string> first_met;
  std::map<std::string, std::string> clauses;
};

std::string text_of(simdjson::dom::element element) {
  std::string_view view;
  if (element.get_string().get(view) == simdjson::SUCCESS) return std::string(view);
  return simdjson::minify(element);
}

// The raw JSON of the patient `id` of an NDJSON or JSON timeline file.
std::optional<std::string> find_patient(const fs::path& timeline, const std::string& id) {
  RecordReader reader(timeline.string());
  RawRecord record;
  simdjson::dom::parser parser;
  while (reader.next(record)) {
    if (record.error) continue;
    simdjson::dom::element element;
    if (parser.parse(record.text.data(), record.text.size(), false).get(element) != simdjson::SUCCESS) continue;
    std::string_view found;
    if (element["id"].get_string().get(found) == simdjson::SUCCESS && found == id) {
      return std::string(record.text.view());
    }
  }
  return std::nullopt;
}

std::string params_key(const std::vector<ParamOverride>& params) {
  std::string key;
  for (const auto& p : params) key += p.name + "=" + p.value + ";";
  return key;
}

class Runner {
 public:
  Runner(const ExampleOptions& options, ExampleReport& report) : options_(options), report_(report) {}

  void run_file(const fs::path& rule_file, const fs::path& examples_file) {
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    auto loaded = simdjson::padded_string::load(examples_file.string());
    if (loaded.error() != simdjson::SUCCESS || parser.parse(loaded.value()).get(root) != simdjson::SUCCESS) {
      problem(fmt::format("{}: not a readable JSON file", examples_file.string()));
      return;
    }
    std::string_view format;
    std::string_view definition;
    simdjson::dom::array cases;
    if (root["format"].get_string().get(format) != simdjson::SUCCESS || format != "tacit-examples/1" ||
        root["definition"].get_string().get(definition) != simdjson::SUCCESS ||
        root["cases"].get_array().get(cases) != simdjson::SUCCESS) {
      problem(fmt::format("{}: expected {{\"format\": \"tacit-examples/1\", \"definition\": ..., \"cases\": [...]}}",
                          examples_file.string()));
      return;
    }
    std::set<std::string> exercised;
    std::vector<std::string> clause_names;
    std::size_t index = 0;
    for (simdjson::dom::element element : cases) {
      auto c = read_case(element, examples_file, index++);
      if (!c) continue;
      run_case(rule_file, examples_file, std::string(definition), *c, exercised, clause_names);
    }
    for (const auto& clause : clause_names) {
      if (exercised.count(clause) == 0) report_.unexercised.push_back(fmt::format("{}: {}", definition, clause));
    }
  }

 private:
  void problem(std::string message) { report_.problems.push_back(std::move(message)); }
  void fail(const fs::path& file, const std::string& name, const std::string& message) {
    ++report_.failed;
    report_.failures.push_back(fmt::format("{}: {}: {}", file.filename().string(), name, message));
  }

  std::optional<Case> read_case(simdjson::dom::element element, const fs::path& examples_file, std::size_t index) {
    Case c;
    std::string_view name;
    c.name = element["name"].get_string().get(name) == simdjson::SUCCESS ? std::string(name) : fmt::format("case {}", index);
    simdjson::dom::element patient;
    std::string_view timeline;
    std::string_view patient_id;
    if (element["patient"].get(patient) == simdjson::SUCCESS) {
      c.patient_json = simdjson::minify(patient);
    } else if (element["timeline"].get_string().get(timeline) == simdjson::SUCCESS &&
               element["patient_id"].get_string().get(patient_id) == simdjson::SUCCESS) {
      const auto found = find_patient(examples_file.parent_path() / timeline, std::string(patient_id));
      if (!found) {
        fail(examples_file, c.name, fmt::format("no patient \"{}\" in {}", patient_id, timeline));
        return std::nullopt;
      }
      c.patient_json = *found;
    } else {
      fail(examples_file, c.name, "a case needs \"patient\", or \"timeline\" and \"patient_id\"");
      return std::nullopt;
    }
    simdjson::dom::object params;
    if (element["params"].get_object().get(params) == simdjson::SUCCESS) {
      for (auto [key, value] : params) c.params.push_back(ParamOverride{std::string(key), text_of(value)});
    }
    std::string_view as_of;
    if (element["as_of"].get_string().get(as_of) == simdjson::SUCCESS) c.as_of = parse_date(as_of);
    simdjson::dom::element expect;
    if (element["expect"].get(expect) != simdjson::SUCCESS) {
      fail(examples_file, c.name, "no \"expect\"");
      return std::nullopt;
    }
    std::string_view verdict;
    if (expect["verdict"].get_string().get(verdict) == simdjson::SUCCESS) c.verdict = verdict;
    std::string_view first_met;
    if (expect["first_met"].get_string().get(first_met) == simdjson::SUCCESS) c.first_met = std::string(first_met);
    simdjson::dom::object clauses;
    if (expect["clauses"].get_object().get(clauses) == simdjson::SUCCESS) {
      for (auto [key, value] : clauses) c.clauses[std::string(key)] = text_of(value);
    }
    return c;
  }

  Engine* engine_for(const fs::path& rule_file, const std::string& definition, const std::vector<ParamOverride>& params,
                     const fs::path& examples_file, const std::string& case_name) {
    const std::string key = rule_file.string() + "|" + params_key(params);
    if (const auto it = engines_.find(key); it != engines_.end()) return it->second.get();
    EngineOptions options;
    options.rule_paths = {rule_file};
    options.stdlib_dir = options_.stdlib_dir;
    options.lib_dirs = options_.lib_dirs;
    options.params = params;
    options.definitions = {definition};
    auto loaded = Engine::load(options);
    if (!loaded.engine) {
      std::string why = loaded.usage_errors.empty() ? "the rule file has errors (run tacit check)" : loaded.usage_errors.front();
      fail(examples_file, case_name, why);
      return nullptr;
    }
    Engine* engine = loaded.engine.get();
    engines_.emplace(key, std::move(loaded.engine));
    return engine;
  }

  void run_case(const fs::path& rule_file, const fs::path& examples_file, const std::string& definition, const Case& c,
                std::set<std::string>& exercised, std::vector<std::string>& clause_names) {
    Engine* engine = engine_for(rule_file, definition, c.params, examples_file, c.name);
    if (engine == nullptr) return;
    Session session(*engine);
    RawRecord record;
    record.text.assign(c.patient_json);
    record.origin = RecordOrigin{examples_file.string(), 1, 1, 0};
    PatientReport report;
    const Patient* patient = session.load(record, report);
    if (patient == nullptr) {
      fail(examples_file, c.name, fmt::format("the patient was rejected: {}", render_data_error(report.errors.front())));
      return;
    }
    Evaluator& evaluator = session.evaluator();
    evaluator.begin_patient(*patient, session.arena());
    const std::uint32_t file = engine->definitions().front();
    VerdictOptions verdict_options;
    verdict_options.as_of = c.as_of;
    std::string differences;
    try {
      const DefinitionOutcome outcome = evaluate_definition(evaluator, file, verdict_options);
      const std::string verdict(verdict_name(outcome.verdict));
      const std::optional<std::string> first_met =
          outcome.first_met ? std::optional<std::string>(format_date(*outcome.first_met)) : std::nullopt;
      if (verdict != c.verdict) differences += fmt::format("verdict {} (expected {}); ", verdict, c.verdict);
      if (first_met != c.first_met) {
        differences += fmt::format("first_met {} (expected {}); ", first_met.value_or("null"), c.first_met.value_or("null"));
      }
      const Date day = outcome.first_met.value_or(outcome.as_of.value_or(0));
      const auto trace = trace_clauses(evaluator, file, day);
      if (clause_names.empty()) {
        for (const auto& reason : trace) clause_names.push_back(reason.clause);
      }
      for (const auto& reason : trace) {
        if (reason.value == Truth::true_) exercised.insert(reason.clause);
      }
      for (const auto& [clause, expected] : c.clauses) {
        const auto it = std::find_if(trace.begin(), trace.end(),
                                     [&name = clause](const ClauseReason& r) { return r.clause == name; });
        if (it == trace.end()) {
          differences += fmt::format("no clause '{}'; ", clause);
        } else if (verdict_name(it->value) != expected) {
          differences += fmt::format("clause {} {} (expected {}); ", clause, verdict_name(it->value), expected);
        }
      }
    } catch (const EvalError& error) {
      differences += fmt::format("evaluation error: {}; ", error.what());
    }
    if (differences.empty()) {
      ++report_.passed;
    } else {
      differences.resize(differences.size() - 2);
      fail(examples_file, c.name, differences);
    }
  }

  const ExampleOptions& options_;
  ExampleReport& report_;
  std::map<std::string, std::unique_ptr<Engine>> engines_;
};

void run_checks(const ExampleOptions& options, ExampleReport& report) {
  EngineOptions engine_options;
  engine_options.rule_paths = options.rule_files;
  engine_options.stdlib_dir = options.stdlib_dir;
  engine_options.lib_dirs = options.lib_dirs;
  auto loaded = Engine::load(engine_options);
  if (!loaded.engine) {
    report.problems.push_back("the rule files have errors (run tacit check)");
    return;
  }
  const Engine& engine = *loaded.engine;
  Session session(engine);
  Arena& arena = session.arena();
  arena.reset();
  const Datum* empty = arena.create<Datum>(Datum::make_object({}));
  Patient nobody;
  nobody.id = "(checks)";
  nobody.object = empty;
  Evaluator& evaluator = session.evaluator();
  evaluator.begin_patient(nobody, arena);
  evaluator.set_as_of(0);
  for (std::uint32_t f = 0; f < engine.program().files.size(); ++f) {
    const dsl::CheckedFile& file = engine.program().files[f];
    for (const auto& check : file.checks) {
      std::string message;
      try {
        const Value value = evaluator.evaluate_root(f, check.value, check.frame_size);
        if (value.is_true()) {
          ++report.passed;
          continue;
        }
        message = value.is_false() ? "false" : "unknown";
      } catch (const EvalError& error) {
        message = error.what();
        evaluator.begin_patient(nobody, arena);  // frames left in use by the interrupted check
        evaluator.set_as_of(0);
      }
      ++report.failed;
      report.failures.push_back(fmt::format("{}:{}: check \"{}\" is {}", file.source->name(), check.span.begin.line,
                                            check.description, message));
    }
  }
}

}  // namespace

void run_examples_file(const ExampleOptions& options, const fs::path& rule_file, const fs::path& examples_file,
                       ExampleReport& report) {
  Runner runner(options, report);
  runner.run_file(rule_file, examples_file);
}

ExampleReport run_examples(const ExampleOptions& options) {
  ExampleReport report;
  run_checks(options, report);
  for (const auto& rule_file : options.rule_files) {
    fs::path examples = rule_file;
    examples.replace_extension(".examples.json");
    std::error_code error;
    if (!fs::exists(examples, error)) continue;
    run_examples_file(options, rule_file, examples, report);
  }
  return report;
}

}  // namespace tacit::interpreter
