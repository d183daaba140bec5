// tacit eval: definitions over a cohort, streamed on every core.
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/engine_setup.hpp"
#include "interpreter/cohort.hpp"

namespace tacit::cli {

int run_eval(const EvalArgs& args) {
  // A missing input file is a usage error: nothing could be evaluated.
  std::error_code ignored;
  if (args.input != "-" && !std::filesystem::is_regular_file(args.input, ignored)) {
    std::fprintf(stderr, "tacit: --input %s: no such file\n", args.input.c_str());
    return kExitUsage;
  }
  auto setup = load_engine(args.rules, args.params, args.definitions, args.as_of);
  if (!setup.engine) return kExitUsage;
  const interpreter::Engine& engine = *setup.engine;

  interpreter::FormatOptions format;
  format.format = args.format == "json"     ? interpreter::OutputFormat::json
                  : args.format == "ndjson" ? interpreter::OutputFormat::ndjson
                  : args.format == "csv"    ? interpreter::OutputFormat::csv
                                            : interpreter::OutputFormat::text;
  OutputFile output(args.output);
  if (!output.ok()) {
    std::fprintf(stderr, "tacit: %s\n", output.error().c_str());
    return kExitUsage;
  }
  format.colour = args.output.empty() && colour_for(stdout);
  const interpreter::ResultFormatter formatter(engine.definition_infos(), format);

  interpreter::CohortOptions options;
  options.jobs = args.jobs != 0 ? args.jobs : std::max(1U, std::thread::hardware_concurrency());
  options.verdict.as_of = setup.as_of;
  options.verdict.explain = format.format == interpreter::OutputFormat::json ||
                            format.format == interpreter::OutputFormat::ndjson;

  interpreter::RecordReader reader(args.input);
  const bool colour = colour_for(stderr);
  const auto summary = interpreter::run_cohort(
      engine, reader, formatter, options, output.stream(), [&](const interpreter::PatientReport& report) {
        for (const auto& error : report.errors) {
          const std::string line = interpreter::render_data_error(error);
          std::fprintf(stderr, colour ? "\x1b[1;31merror:\x1b[0m %s\n" : "error: %s\n", line.c_str());
        }
      });
  if (!output.commit()) {
    std::fprintf(stderr, "tacit: %s\n", output.error().c_str());
    return kExitRejected;
  }
  if (summary.rejected > 0) {
    std::fprintf(stderr, "%s\n",
                 fmt::format("tacit: {} patient{} evaluated, {} rejected (see the errors above)", summary.evaluated,
                             summary.evaluated == 1 ? "" : "s", summary.rejected)
                     .c_str());
    return kExitRejected;
  }
  return kExitOk;
}

}  // namespace tacit::cli
