// Golden tests: an input file beside the exact text it must produce.
//
// For every tests/golden/<stage>/<case>.<ext>, run_golden_dir() compares
// produce(input) with tests/golden/<stage>/<case>.expected, byte for byte, and fails
// with a diff-like excerpt when they differ. A case without its .expected file
// fails: expectations are written deliberately, never created on the fly.
//
// To accept new output after a deliberate change, run the tests with
// TACIT_REFRESH_GOLDEN=1: every .expected of the stage is rewritten (and created
// where missing), and the change is reviewed with `git diff` like any other.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace tacit::testing {

// `stage_dir` is relative to tests/golden ("timeline"); `input_ext` names the
// inputs with or without its dot ("ndjson", ".rule"). Prints "golden <stage>: N
// passed" (or "N refreshed"). Reports failures through doctest.
void run_golden_dir(std::string_view stage_dir, std::string_view input_ext,
                    const std::function<std::string(const std::filesystem::path& input)>& produce);

}  // namespace tacit::testing
