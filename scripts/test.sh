#!/usr/bin/env bash
# The test command: installs what is missing, builds with warnings as errors, and
# runs every test through ctest.
#
#   bash scripts/test.sh [CONFIG] [-DOPTION=VALUE ...]
#
# CONFIG is one of scripts/build.sh's (default: debug, i.e. build/debug).
# TACIT_WERROR=OFF builds without -Werror (.ci/run does so for the clang
# sanitizer build: the warnings gate is the GCC build). Fails when a test fails and
# also when ctest ran no test at all, so an empty suite cannot pass unnoticed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

config=debug
if [[ $# -gt 0 && "$1" != -* ]]; then
  config=$1
  shift
fi
build_dir=${TACIT_BUILD_DIR:-build/$config}

bash scripts/setup.sh
bash scripts/build.sh "$config" "-DTACIT_WERROR=${TACIT_WERROR:-ON}" "$@"

# Sanitizer reports must fail the test and say where (symbolized stacks).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
ctest --test-dir "$build_dir" --output-on-failure --no-tests=error -j "$(nproc)" 2>&1 | tee "$log" || status=$?

# ctest's summary: "100% tests passed, 0 tests failed out of N".
total=$(sed -n 's/.*tests failed out of \([0-9][0-9]*\).*/\1/p' "$log" | tail -n 1)
if [[ -z "$total" || "$total" -eq 0 ]]; then
  echo "test.sh: ctest ran no test in $build_dir" >&2
  exit 1
fi
if ((status != 0)); then
  echo "test.sh: tests failed in $build_dir" >&2
  exit "$status"
fi
echo "test.sh: all ctest tests passed in $build_dir"
echo "ctest: $total passed, 0 failed"
# .ci/run adds up the phases' counts for its closing line.
if [[ -n "${TACIT_TEST_TALLY:-}" ]]; then
  echo "$total" >>"$TACIT_TEST_TALLY"
fi
