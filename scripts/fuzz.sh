#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) and fuzzes each one; exits non-zero on any
# finding (crash, sanitizer report, leak, timeout, out-of-memory, broken oracle).
#
#   bash scripts/fuzz.sh --smoke                 every target 60 s (what CI runs)
#   bash scripts/fuzz.sh --minutes 30            every target 30 minutes
#   bash scripts/fuzz.sh --minutes 30 --jobs 2 fuzz_eval fuzz_rules
#   bash scripts/fuzz.sh --seconds 10 fuzz_rules
#   bash scripts/fuzz.sh --no-build ...          use build/fuzz as it is
#
# Targets (default: all): fuzz_rules, fuzz_timeline, fuzz_eval; docs/reliability.md
# says what each one checks. --jobs N runs up to N targets at once (default 1:
# libFuzzer uses one core per target). Without --smoke or --minutes: 5 minutes each.
#
# Build: scripts/build.sh's `fuzz` configuration (clang++, libFuzzer + ASan + UBSan,
# build/fuzz, or TACIT_BUILD_DIR), only the fuzz targets are compiled.
# Seeds: made afresh on every run from the bundled files (rules/, stdlib/,
#   tests/golden/check, tests/golden/fmt, tests/memo, examples/, rules/examples,
#   tests/golden/timeline; NDJSON files also line by line) into build/fuzz-seeds/,
#   plus fuzz/regressions/TARGET/ (every input that once failed).
# Corpus: build/fuzz-corpus/TARGET/, kept between runs (not committed): what the
#   fuzzer learnt is reused by the next run.
# Findings: the failing input in fuzz-out/TARGET/ (crash-*, leak-*, timeout-*,
#   oom-*), the log in build/fuzz-logs/TARGET.log. Reproduce one with
#   build/fuzz/fuzz/TARGET fuzz-out/TARGET/crash-...
# The last lines print, per target: runs, seconds, cov and ft (libFuzzer's edge
# and feature coverage), corpus size, and the result.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD

seconds=300
jobs=1
build=1
targets=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --smoke) seconds=60 ;;
    --minutes) seconds=$(($2 * 60)); shift ;;
    --seconds) seconds=$2; shift ;;
    --jobs) jobs=$2; shift ;;
    --no-build) build=0 ;;
    -h|--help) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    fuzz_rules|fuzz_timeline|fuzz_eval) targets+=("$1") ;;
    *) echo "fuzz.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done
if ((${#targets[@]} == 0)); then
  targets=(fuzz_rules fuzz_timeline fuzz_eval)
fi

build_dir=${TACIT_BUILD_DIR:-build/fuzz}
seed_root=build/fuzz-seeds
corpus_root=build/fuzz-corpus
log_root=build/fuzz-logs
out_root=fuzz-out

if ((build)); then
  bash scripts/setup.sh
  TACIT_BUILD_DIR=$build_dir bash scripts/build.sh --configure-only fuzz
  echo "fuzz.sh: building ${targets[*]} in $build_dir"
  cmake --build "$build_dir" --target "${targets[@]}"
fi

# ---- seeds -------------------------------------------------------------------
# copy_files DEST FILE...: each file as one seed.
copy_files() {
  local dest=$1
  shift
  local f
  for f in "$@"; do
    [[ -f "$f" ]] && cp "$f" "$dest/$(echo "$f" | tr '/' '_')"
  done
  return 0
}
# split_lines DEST FILE...: each non-blank line of each file as one seed.
split_lines() {
  local dest=$1
  shift
  local f
  for f in "$@"; do
    [[ -f "$f" ]] || continue
    awk -v prefix="$dest/$(echo "$f" | tr '/' '_')" 'NF { print > (prefix "." NR); close(prefix "." NR) }' "$f"
  done
}
# document_patients DEST FILE...: each element of a document's "patients", one line each.
document_patients() {
  local dest=$1
  shift
  python3 - "$dest" "$@" <<'EOF'
import json, sys
dest = sys.argv[1]
for path in sys.argv[2:]:
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        patients = doc.get("patients", []) if isinstance(doc, dict) else []
    except Exception:
        continue
    for i, patient in enumerate(patients):
        name = path.replace("/", "_")
        with open(f"{dest}/{name}.{i}", "w", encoding="utf-8") as out:
            out.write(json.dumps(patient, ensure_ascii=False))
EOF
}

# Only the seeds of the targets asked for, so that two runs of different targets
# can share the folder.
for target in "${targets[@]}"; do
  rm -rf "${seed_root:?}/$target"
  mkdir -p "$seed_root/$target"
done
mkdir -p "$log_root"
wants() { [[ " ${targets[*]} " == *" $1 "* ]]; }
shopt -s nullglob
timelines=(examples/*.ndjson rules/examples/*.ndjson tests/golden/timeline/*.ndjson tests/golden/eval/*.ndjson
  tests/memo/*.ndjson)
documents=(examples/*.json tests/golden/timeline/*.json)
if wants fuzz_rules; then
  copy_files "$seed_root/fuzz_rules" rules/*.tacit stdlib/*.tacit tests/golden/check/*.tacit \
    tests/golden/check/lib/*.tacit tests/golden/fmt/*.tacit tests/golden/eval/*.tacit tests/memo/*.tacit
fi
if wants fuzz_timeline; then
  copy_files "$seed_root/fuzz_timeline" "${timelines[@]}" "${documents[@]}"
  split_lines "$seed_root/fuzz_timeline" "${timelines[@]}"
fi
if wants fuzz_eval; then
  split_lines "$seed_root/fuzz_eval" "${timelines[@]}"
  document_patients "$seed_root/fuzz_eval" "${documents[@]}"
fi
shopt -u nullglob

# ---- fuzzing -----------------------------------------------------------------
dict_of() {
  case "$1" in
    fuzz_rules) echo fuzz/dict/rules.dict ;;
    *) echo fuzz/dict/timeline.dict ;;
  esac
}
# The largest input tried: the largest bundled rule file is ~12 KB; a patient of
# a few KB covers every shape, and larger inputs only slow the search down.
max_len_of() {
  case "$1" in
    fuzz_rules) echo 65536 ;;
    *) echo 16384 ;;
  esac
}

run_target() {
  local target=$1
  local corpus=$corpus_root/$target
  local out=$out_root/$target
  local log=$log_root/$target.log
  mkdir -p "$corpus" "$out"
  local seeds=("$seed_root/$target")
  [[ -d fuzz/regressions/$target ]] && seeds+=("fuzz/regressions/$target")
  # -timeout: one input taking 10 s is a hang (a patient takes milliseconds).
  # -rss_limit_mb: the limits bound a run's memory well below this.
  local status=0
  "$build_dir/fuzz/$target" "$corpus" "${seeds[@]}" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 -max_len="$(max_len_of "$target")" \
    -dict="$(dict_of "$target")" -artifact_prefix="$out/" -print_final_stats=1 \
    >"$log" 2>&1 || status=$?
  echo "$status" >"$log.status"
}

summary() {
  local target=$1
  local log=$log_root/$target.log
  local status
  status=$(cat "$log.status")
  local runs secs cov ft corp
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
  cov=$(grep -a -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
  ft=$(grep -a -o 'ft: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
  corp=$(grep -a -o 'corp: [0-9]*/[0-9]*[bKM]*' "$log" | tail -n 1 | cut -d' ' -f2)
  local result=ok
  if [[ "$status" != 0 ]]; then
    result="FINDING (exit $status): $(grep -a -m1 -o 'ERROR: .*\|==[0-9]*== ERROR: .*\|fuzz_[a-z]*: .*\|ALARM: .*' "$log" | head -n 1)"
  fi
  printf '%-14s runs %-10s secs %-6s cov %-6s ft %-7s corpus %-12s %s\n' "$target" "${runs:-?}" "${secs:-?}" \
    "${cov:-?}" "${ft:-?}" "${corp:-?}" "$result"
  [[ "$status" == 0 ]]
}

# The sanitizers stop at the first report; a leak is a finding too.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

echo "fuzz.sh: ${targets[*]}, ${seconds} s each, $jobs at a time; logs in $log_root, findings in $out_root"
start=$SECONDS
running=0
for target in "${targets[@]}"; do
  echo "fuzz.sh: $target started ($(find "$seed_root/$target" -type f | wc -l) seeds)"
  run_target "$target" &
  running=$((running + 1))
  if ((running >= jobs)); then
    wait -n || true
    running=$((running - 1))
  fi
done
wait || true

echo
echo "==== fuzz.sh: results ($((SECONDS - start)) s) ===="
failed=0
for target in "${targets[@]}"; do
  summary "$target" || failed=1
done
if ((failed)); then
  echo "fuzz.sh: findings: see $log_root/TARGET.log and the inputs in $out_root/" >&2
  for target in "${targets[@]}"; do
    if [[ "$(cat "$log_root/$target.log.status")" != 0 ]]; then
      echo "---- $log_root/$target.log (last 40 lines) ----" >&2
      tail -n 40 "$log_root/$target.log" >&2
    fi
  done
  exit 1
fi
echo "fuzz.sh: no findings"
