#!/usr/bin/env bash
# `tacit eval --output`: results are written to a temporary file renamed into
# place, so a failed run never leaves a truncated file; the file gets the usual
# mode of a new file; a run with rejected patients says how many were evaluated.
#
#   bash tests/cli_output_test.sh path/to/tacit
set -euo pipefail
tacit=$1
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
umask 022
fail() { echo "cli_output_test: $*" >&2; exit 1; }

# A complete run: the file appears with mode 644 and every patient in it.
"$tacit" eval --input "$root/examples/cohort.ndjson" -f ndjson -o "$dir/out.ndjson" -j 1 2>/dev/null
[[ "$(stat -c %a "$dir/out.ndjson")" == 644 ]] || fail "mode $(stat -c %a "$dir/out.ndjson"), expected 644"
[[ "$(grep -c '"patient"' "$dir/out.ndjson")" -gt 0 ]] || fail "no results in the output"
[[ -z "$(find "$dir" -name '.*.tmp.*')" ]] || fail "a temporary file was left behind"

# A run that fails before writing leaves the previous results as they were.
echo previous >"$dir/kept.ndjson"
if "$tacit" eval "$dir/no-such-rules" --input "$root/examples/cohort.ndjson" -o "$dir/kept.ndjson" 2>/dev/null; then
  fail "a run with missing rules succeeded"
fi
[[ "$(cat "$dir/kept.ndjson")" == previous ]] || fail "a failed run changed the previous results"

# Rejected patients: the others' results are written, the counts reported, exit 1.
status=0
"$tacit" eval --input "$root/tests/golden/timeline/one_broken_among_many.ndjson" -f ndjson -o "$dir/some.ndjson" \
  -j 1 2>"$dir/stderr" || status=$?
[[ $status -eq 1 ]] || fail "exit status $status with a rejected patient, expected 1"
grep -q "patients evaluated, 1 rejected" "$dir/stderr" || fail "no evaluated/rejected counts: $(tail -n 1 "$dir/stderr")"
[[ "$(grep -c '"rejected": true' "$dir/some.ndjson")" -eq 1 ]] || fail "the rejection is not in the results"

# An output folder that does not exist: an error, nothing written.
if "$tacit" eval --input "$root/examples/cohort.ndjson" -o "$dir/missing/out.ndjson" 2>/dev/null; then
  fail "writing into a missing folder succeeded"
fi
echo "cli_output_test: passed"
