// Streaming a cohort through every core.
//
// One thread reads records (RecordReader) in batches; `jobs` workers each own a
// Session and turn a batch into formatted result text; the calling thread writes
// the chunks in input order. At most a fixed number of batches are in flight, so
// memory depends on the batch size and the largest patient, never on the number
// of patients. Results are byte-identical whatever the number of jobs.
#pragma once

#include <cstdio>
#include <functional>
#include <string>

#include "interpreter/engine.hpp"

namespace tacit::interpreter {

struct CohortOptions {
  unsigned jobs = 1;
  VerdictOptions verdict;
  std::size_t batch_size = 64;  // patients per hand-over between threads
};

struct CohortSummary {
  std::uint64_t evaluated = 0;
  std::uint64_t rejected = 0;
};

// Writes begin(), every patient's chunk and end() to `out`; calls `on_rejection`
// (in input order, on the calling thread) with each rejected patient's errors.
CohortSummary run_cohort(const Engine& engine, RecordReader& reader, const ResultFormatter& formatter,
                         const CohortOptions& options, std::FILE* out,
                         const std::function<void(const PatientReport&)>& on_rejection);

}  // namespace tacit::interpreter
