#!/usr/bin/env bash
# The cohort-scale harness: one table of wall time, throughput and peak memory
# for the parse-only floor, the native CCI baseline and tacit, per cohort size.
#
#   bash bench/run.sh [--sizes 10000,100000,1000000] [--jobs N] [--seed S] [--quick] [--keep-outputs]
#
#   --sizes   cohort sizes in patients (default 10000,100000,1000000)
#   --jobs    worker threads for the multi-threaded rows (default: nproc);
#             every tool is also run with 1 job unless N is 1
#   --seed    generator seed (default 1)
#   --quick   one run per row, sizes 10000 unless --sizes is given
#   --keep-outputs  keep the result files in build/bench-data/out
#
# Builds Release in build/release (the bench tools alone in build/bench-release
# when the whole project does not build), generates cohorts into
# build/bench-data (cached by size, seed and a hash of the generator's source),
# and prints a Markdown report, also saved as build/bench-data/report-*.md.
# Method and goals: docs/performance.md.
#
# Rows whose program is missing or fails are skipped with a message, so the
# harness runs before `tacit eval` exists.
#
# Time: the floor and native rows take seconds even at 1M, but tacit with all
# definitions needed about 0.65 ms of CPU per patient (tacit 17132d5): at 1M
# that is over 10 minutes per row on 2 cores, so a full run takes about half an
# hour. Use --sizes 10000,100000 for a quick comparison.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD

sizes=10000,100000,1000000
sizes_given=0
jobs=$(nproc)
seed=1
quick=0
keep_outputs=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --sizes) sizes=$2; sizes_given=1; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --quick) quick=1; shift ;;
    --keep-outputs) keep_outputs=1; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if ((quick && !sizes_given)); then sizes=10000; fi
IFS=, read -r -a size_list <<< "$sizes"
job_list=(1)
if ((jobs > 1)); then job_list+=("$jobs"); fi

log() { echo "run.sh: $*" >&2; }

# ---- build ------------------------------------------------------------------
release=build/release
bench_bin=$release/bench
tacit=$release/cli/tacit
log "building Release in $release"
if cmake -S . -B "$release" -G Ninja -DCMAKE_BUILD_TYPE=Release > "$root/build/bench-configure.log" 2>&1 &&
   cmake --build "$release" --target gen_cohort parse_floor native_cci compare_verdicts measure > "$root/build/bench-build.log" 2>&1; then
  :
else
  log "the project does not build (see build/bench-*.log); building the bench tools alone in build/bench-release"
  bench_bin=build/bench-release
  cmake -S bench -B "$bench_bin" -G Ninja -DCMAKE_BUILD_TYPE=Release > /dev/null
  cmake --build "$bench_bin" > /dev/null
fi
if ! cmake --build "$release" --target tacit > "$root/build/bench-build-tacit.log" 2>&1; then
  log "tacit does not build (see build/bench-build-tacit.log): its rows are skipped"
fi
measure=$bench_bin/measure
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- data -------------------------------------------------------------------
data=build/bench-data
out=$data/out
mkdir -p "$data" "$out"
gen_hash=$(cat bench/gen_cohort.cpp bench/cohort_*.?pp bench/rng.hpp bench/json_out.hpp bench/dates.hpp | sha1sum | cut -c1-8)

# cohort SIZE -> path of the cached cohort, generating it (timed) if needed.
cohort() {
  local n=$1
  local file=$data/cohort-n$n-s$seed-g$gen_hash.ndjson
  if [[ ! -s $file || ! -s $file.meta ]]; then
    rm -f "$data"/cohort-n"$n"-s"$seed"-g*.ndjson "$data"/cohort-n"$n"-s"$seed"-g*.ndjson.meta
    log "generating $n patients (seed $seed)"
    "$measure" -- "$bench_bin/gen_cohort" --patients "$n" --seed "$seed" --out "$file" --quiet 2> "$out/gen.err"
    echo "$(tail -n 1 "$out/gen.err") bytes=$(stat -c %s "$file")" > "$file.meta"
  fi
  echo "$file"
}

field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" <<< "$2"; }

# ---- measuring --------------------------------------------------------------
rows=()
failed_note=""

# run_row LABEL JOBS N FILE RESULT_FILE REPS CMD... : runs CMD REPS times with
# `measure`, keeps the fastest run, appends a table row. Returns 1 (and sets
# failed_note) if the command exits with a status other than 0.
run_row() {
  local label=$1 j=$2 n=$3 file=$4 result=$5 reps=$6
  shift 6
  local best_wall="" best_rss="" best_cpu="" status line
  for ((r = 0; r < reps; r++)); do
    "$measure" --stdout "$result" -- "$@" 2> "$out/run.err" || true
    line=$(grep '^measure: ' "$out/run.err" | tail -n 1)
    status=$(field status "$line")
    if [[ $status != 0 ]]; then
      failed_note="exit status $status: $(grep -v '^measure: ' "$out/run.err" | head -n 1)"
      return 1
    fi
    local wall rss cpu
    wall=$(field wall_s "$line")
    cpu=$(field cpu_s "$line")
    rss=$(field max_rss_kb "$line")
    if [[ -z $best_wall ]] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then
      best_wall=$wall
      best_cpu=$cpu
      best_rss=$rss
    fi
    # A run of more than 10 s is its own average: repeating it buys little.
    if awk -v a="$wall" 'BEGIN { exit !(a > 10) }'; then break; fi
  done
  local bytes
  bytes=$(stat -c %s "$file")
  rows+=("$(awk -v l="$label" -v j="$j" -v n="$n" -v w="$best_wall" -v c="$best_cpu" -v r="$best_rss" -v b="$bytes" 'BEGIN {
    printf "| %s | %s | %s | %.3f | %.3f | %.0f | %.0f | %.1f |", n, l, j, w, c, n / w, b / 1e6 / w, r / 1024 }')")
  walls["$label/$j/$n"]=$best_wall
  return 0
}

declare -A walls
ratio() {  # ratio NUM_KEY DEN_KEY
  if [[ -n ${walls[$1]:-} && -n ${walls[$2]:-} ]]; then
    awk -v a="${walls[$1]}" -v b="${walls[$2]}" 'BEGIN { printf "%.2f", a / b }'
  else
    echo "not yet measured"
  fi
}

# ---- tacit probe ------------------------------------------------------------
# tacit's rows need `tacit eval` to produce one line per patient on a small
# cohort; until it does, they are skipped with the reason.
tacit_all=""
tacit_cci=""
tacit_jobs_flag=0
probe=$(cohort 200)
if [[ ! -x $tacit ]]; then
  tacit_reason="$tacit does not exist"
else
  probe_status=0
  "$tacit" eval rules/ --input "$probe" --format ndjson > "$out/probe.ndjson" 2> "$out/probe.err" || probe_status=$?
  probe_results=$(grep -c '"patient"' "$out/probe.ndjson" || true)
  if ((probe_status > 1)); then
    tacit_reason="\`tacit eval\` exits with status $probe_status: $(head -n 1 "$out/probe.err")"
  elif ((probe_results < 200)); then
    tacit_reason="\`tacit eval\` gave $probe_results results for 200 patients"
  else
    tacit_all=yes
    tacit_reason=""
    if [[ -f rules/cci-2022-refractory.tacit ]]; then tacit_cci=yes; fi
    if "$tacit" eval --help 2>&1 | grep -q -- '--jobs'; then tacit_jobs_flag=1; fi
  fi
fi
if [[ -n $tacit_reason ]]; then log "tacit rows skipped: $tacit_reason"; fi

tacit_cmd() {  # tacit_cmd JOBS RULES FILE [FORMAT]
  local j=$1 rules=$2 file=$3 format=${4:-ndjson}
  local cmd=("$tacit" eval "$rules" --input "$file" --format "$format")
  if ((tacit_jobs_flag)); then cmd+=(--jobs "$j"); fi
  printf '%s\n' "${cmd[@]}"
}

# ---- the runs ---------------------------------------------------------------
agreement=()
gen_rows=()
for n in "${size_list[@]}"; do
  file=$(cohort "$n")
  meta=$(cat "$file.meta")
  gen_rows+=("$(awk -v n="$n" -v w="$(field wall_s "$meta")" -v r="$(field max_rss_kb "$meta")" -v b="$(field bytes "$meta")" 'BEGIN {
    printf "| %s | %.1f | %.2f | %.0f | %.0f | %.1f |", n, b / 1e6, w, n / w, b / 1e6 / w, r / 1024 }')")
  reps=3
  if ((quick || n >= 1000000)); then reps=1; fi
  log "size $n: $(awk -v b="$(stat -c %s "$file")" 'BEGIN { printf "%.0f MB", b / 1e6 }'), $reps run(s) per row"

  # Warm the page cache so the first row does not pay for the disk.
  cat "$file" > /dev/null

  for j in "${job_list[@]}"; do
    run_row parse_floor "$j" "$n" "$file" "$out/floor.txt" "$reps" \
      "$bench_bin/parse_floor" --input "$file" --jobs "$j" || log "parse_floor failed: $failed_note"
    run_row native_cci "$j" "$n" "$file" "$out/native-$j.ndjson" "$reps" \
      "$bench_bin/native_cci" --input "$file" --jobs "$j" || log "native_cci failed: $failed_note"
    # Without a --jobs option tacit runs once, with its default (all cores),
    # and is compared with the multi-threaded rows.
    if ((tacit_jobs_flag)) || [[ $j == "${job_list[-1]}" ]]; then
      tj=$j
      if ((!tacit_jobs_flag)); then tj="default"; fi
      if [[ -n $tacit_all ]]; then
        mapfile -t cmd < <(tacit_cmd "$j" rules/ "$file")
        run_row "tacit, all definitions" "$tj" "$n" "$file" "$out/tacit-all.ndjson" "$reps" "${cmd[@]}" ||
          log "tacit (all) failed: $failed_note"
        rm -f "$out/tacit-all.ndjson"
        # The same without explanations: verdicts and first_met dates only.
        mapfile -t cmd < <(tacit_cmd "$j" rules/ "$file" csv)
        run_row "tacit, all definitions, csv" "$tj" "$n" "$file" "$out/tacit-all.csv" "$reps" "${cmd[@]}" ||
          log "tacit (all, csv) failed: $failed_note"
        rm -f "$out/tacit-all.csv"
      fi
      if [[ -n $tacit_cci ]]; then
        mapfile -t cmd < <(tacit_cmd "$j" rules/cci-2022-refractory.tacit "$file")
        run_row "tacit, cci-2022-refractory" "$tj" "$n" "$file" "$out/tacit-cci.ndjson" "$reps" "${cmd[@]}" ||
          log "tacit (cci) failed: $failed_note"
      fi
      if [[ $tj == default ]]; then
        walls["tacit, all definitions/$j/$n"]=${walls["tacit, all definitions/default/$n"]:-}
        walls["tacit, all definitions, csv/$j/$n"]=${walls["tacit, all definitions, csv/default/$n"]:-}
        walls["tacit, cci-2022-refractory/$j/$n"]=${walls["tacit, cci-2022-refractory/default/$n"]:-}
      fi
    fi
  done
  if [[ -n $tacit_cci && -s $out/tacit-cci.ndjson ]]; then
    summary=$("$bench_bin/compare_verdicts" "$out/native-${job_list[-1]}.ndjson" "$out/tacit-cci.ndjson" --show 5 || true)
    agreement+=("- $n patients: $(head -n 1 <<< "$summary")")
    while IFS= read -r l; do agreement+=("      $l"); done < <(tail -n +2 <<< "$summary")
  fi
  if ((!keep_outputs)); then rm -f "$out"/native-*.ndjson "$out"/tacit-*.ndjson; fi
done

# ---- load + check -----------------------------------------------------------
check_line="not yet measured"
if [[ -x $tacit ]] && "$tacit" check rules/ stdlib/ > /dev/null 2> "$out/check.err"; then
  if command -v hyperfine > /dev/null; then
    runs=30
    if ((quick)); then runs=10; fi
    hyperfine --style none --warmup 3 --runs "$runs" --export-json "$out/check.json" \
      "$tacit check rules/ stdlib/" > /dev/null 2>&1
    check_line=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.1f ms ± %.1f ms (mean ± σ of %d runs, hyperfine)" % (r["mean"]*1e3, r["stddev"]*1e3, len(r["times"])))' "$out/check.json")
  else
    "$measure" -- "$tacit" check rules/ stdlib/ 2> "$out/run.err" > /dev/null
    check_line="$(field wall_s "$(tail -n 1 "$out/run.err")") s (one run; hyperfine not installed)"
  fi
elif [[ -x $tacit ]]; then
  check_line="not yet measured: \`tacit check rules/ stdlib/\` failed: $(head -n 1 "$out/check.err")"
fi

# ---- report -----------------------------------------------------------------
stamp=$(date -u +%Y%m%dT%H%M%SZ)
report=$data/report-$stamp.md
{
  echo "# tacit bench report, $stamp"
  echo
  echo "- commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "- machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo) RAM"
  echo "- load average (1, 5, 15 min) before the runs: $load_start; after: $(cut -d' ' -f1-3 /proc/loadavg). Above 0 means other work shared the cores: compare rows within one report, and trust CPU s more than wall s"
  echo "- seed $seed, generator $gen_hash; best of $( ((quick)) && echo 1 || echo '3 (1 for 1M, or when a run takes over 10 s)') runs per row; warm page cache"
  echo
  echo "| patients | program | jobs | wall s | CPU s | patients/s | MB/s | peak RSS MB |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
  if [[ -n $tacit_reason ]]; then
    echo
    echo "tacit rows: not yet measured ($tacit_reason)."
  fi
  echo
  echo "Ratios of wall time (goal: all definitions <= 3x the floor; one definition <= 2x native):"
  echo
  echo "| patients | jobs | all definitions / parse floor | same, csv (no explanations) | tacit cci / native cci |"
  echo "|---:|---:|---:|---:|---:|"
  for n in "${size_list[@]}"; do
    for j in "${job_list[@]}"; do
      echo "| $n | $j | $(ratio "tacit, all definitions/$j/$n" "parse_floor/$j/$n") | $(ratio "tacit, all definitions, csv/$j/$n" "parse_floor/$j/$n") | $(ratio "tacit, cci-2022-refractory/$j/$n" "native_cci/$j/$n") |"
    done
  done
  echo
  echo "Agreement, native_cci (A) vs tacit cci-2022-refractory (B):"
  echo
  if ((${#agreement[@]})); then printf '%s\n' "${agreement[@]}"; else echo "not yet measured"; fi
  echo
  echo "Generating the cohorts (gen_cohort, one thread, when first generated):"
  echo
  echo "| patients | MB | wall s | patients/s | MB/s | peak RSS MB |"
  echo "|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${gen_rows[@]}"
  echo
  echo "Load + check all rule files (\`tacit check rules/ stdlib/\`, goal < 50 ms): $check_line"
} | tee "$report"
log "report saved as $report"
