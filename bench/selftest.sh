#!/usr/bin/env bash
# Self-checks of the bench tools, one per ctest test (bench/CMakeLists.txt).
#
#   bash bench/selftest.sh CHECK BIN_DIR [SCENARIO_DIR]
#
# scenarios     native_cci agrees with every cci-2022-refractory row of
#               scenarios-expected.tsv (P0 rows only)
# native_edges  native_cci agrees with bench/testdata/cci_edges-expected.tsv
#               (each case explained in bench/testdata/README.md)
# generator     gen_cohort is deterministic: same seed, same bytes; a smaller
#               cohort is a prefix of a larger one; another seed differs
# parse         parse_floor and native_cci read a generated cohort with no
#               rejected line, with 1 and 2 jobs, and give the same results;
#               evaluating partitions and concatenating the outputs gives the
#               whole run's output byte for byte (docs/scaling.md)
set -euo pipefail

check=$1
bin=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

case $check in
  scenarios)
    dir=$3
    "$bin/native_cci" --input "$dir/scenarios.ndjson" --out "$tmp/native.ndjson"
    "$bin/compare_verdicts" "$dir/scenarios-expected.tsv" "$tmp/native.ndjson"
    ;;
  native_edges)
    "$bin/native_cci" --input "$here/testdata/cci_edges.ndjson" --out "$tmp/native.ndjson"
    "$bin/compare_verdicts" "$here/testdata/cci_edges-expected.tsv" "$tmp/native.ndjson"
    ;;
  generator)
    "$bin/gen_cohort" --patients 300 --seed 7 --out "$tmp/a.ndjson" --quiet
    "$bin/gen_cohort" --patients 300 --seed 7 --out "$tmp/b.ndjson" --quiet
    "$bin/gen_cohort" --patients 200 --seed 7 --out "$tmp/c.ndjson" --quiet
    "$bin/gen_cohort" --patients 300 --seed 8 --out "$tmp/d.ndjson" --quiet
    cmp "$tmp/a.ndjson" "$tmp/b.ndjson"
    head -n 200 "$tmp/a.ndjson" | cmp - "$tmp/c.ndjson"
    if cmp -s "$tmp/a.ndjson" "$tmp/d.ndjson"; then
      echo "seeds 7 and 8 gave the same cohort" >&2
      exit 1
    fi
    [[ $(wc -l < "$tmp/a.ndjson") -eq 300 ]]
    echo "generator: deterministic, prefix-stable, seed-dependent"
    ;;
  parse)
    "$bin/gen_cohort" --patients 2000 --seed 3 --out "$tmp/c.ndjson" --quiet
    "$bin/parse_floor" --input "$tmp/c.ndjson"
    "$bin/parse_floor" --input "$tmp/c.ndjson" --jobs 2 > "$tmp/floor-ondemand.txt"
    "$bin/parse_floor" --input "$tmp/c.ndjson" --jobs 2 --api dom > "$tmp/floor-dom.txt"
    # Both front ends touch the same values: same counts and hash.
    diff <(sed -n 's/.*touched \([0-9]*\) numbers.*strings, \([0-9]*\) literals; hash \([0-9a-f]*\).*/\1 \2 \3/p' "$tmp/floor-ondemand.txt") \
         <(sed -n 's/.*touched \([0-9]*\) numbers.*strings, \([0-9]*\) literals; hash \([0-9a-f]*\).*/\1 \2 \3/p' "$tmp/floor-dom.txt")
    "$bin/native_cci" --input "$tmp/c.ndjson" --out "$tmp/one.ndjson"
    "$bin/native_cci" --input "$tmp/c.ndjson" --jobs 2 --out "$tmp/two.ndjson"
    cmp "$tmp/one.ndjson" "$tmp/two.ndjson"
    [[ $(wc -l < "$tmp/one.ndjson") -eq 2000 ]]
    split -C 1M -d --additional-suffix=.ndjson "$tmp/c.ndjson" "$tmp/part-"
    for part in "$tmp"/part-*.ndjson; do
      "$bin/native_cci" --input - < "$part" > "${part%.ndjson}.out"
    done
    cat "$tmp"/part-*.out | cmp - "$tmp/one.ndjson"
    # Every verdict occurs: the cohort is useful for agreement checks.
    for verdict in met not_met indeterminate; do
      grep -q "\"verdict\": \"$verdict\"" "$tmp/one.ndjson"
    done
    echo "parse: 2000 patients read by both tools; 1 job, 2 jobs and $(ls "$tmp"/part-*.out | wc -l) partitions agree; all verdicts occur"
    ;;
  *)
    echo "unknown check '$check'" >&2
    exit 2
    ;;
esac
