#!/usr/bin/env bash
# clang-tidy (profile: .clang-tidy) over the sources of dsl/, interpreter/ and cli/
# as the compile database of build/debug compiles them. Fails on any warning.
#
#   bash scripts/lint.sh                 lint every source of those folders
#   bash scripts/lint.sh dsl/parser.cpp  lint the given files only
#   bash scripts/lint.sh --fix [...]     apply clang-tidy's fix-its (then check the diff)
#   bash scripts/lint.sh --format        check formatting only (clang-format --dry-run)
#
# Configures build/debug when it has no compile database (no build needed).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

fix=()
if [[ "${1:-}" == --fix ]]; then
  fix=(--fix-errors)
  shift
fi

if [[ "${1:-}" == --format ]]; then
  shift
  mapfile -t files < <(git ls-files '*.cpp' '*.hpp')
  clang-format --style=file --dry-run --Werror "${files[@]}"
  echo "lint: ${#files[@]} files formatted as .clang-format says"
  exit 0
fi

build_dir=${TACIT_BUILD_DIR:-build/debug}
if [[ ! -f "$build_dir/compile_commands.json" ]]; then
  TACIT_BUILD_DIR=$build_dir bash scripts/build.sh --configure-only debug >/dev/null
fi

if [[ $# -gt 0 ]]; then
  files=("$@")
else
  # Every translation unit of dsl/, interpreter/ and cli/ the build knows about.
  mapfile -t files < <(python3 - "$build_dir/compile_commands.json" "$PWD" <<'PY'
import json, os, sys
root = os.path.realpath(sys.argv[2])
for entry in json.load(open(sys.argv[1])):
    path = os.path.realpath(os.path.join(entry["directory"], entry["file"]))
    rel = os.path.relpath(path, root)
    if rel.split(os.sep)[0] in ("dsl", "interpreter", "cli"):
        print(rel)
PY
  )
fi
if ((${#files[@]} == 0)); then
  echo "lint: no source files found in $build_dir/compile_commands.json" >&2
  exit 1
fi

echo "lint: clang-tidy on ${#files[@]} files (${build_dir}/compile_commands.json)"
# clang-tidy counts the warnings it suppressed in system headers ("N warnings
# generated."); that line is noise here and is dropped.
status=0
printf '%s\n' "${files[@]}" | sort -u |
  xargs -P "$(nproc)" -I{} clang-tidy -p "$build_dir" --quiet --warnings-as-errors='*' "${fix[@]}" {} 2>&1 |
  grep -v '^[0-9]* warnings\? generated\.$' || status=${PIPESTATUS[2]}  # xargs: 123 when a clang-tidy failed
if ((status != 0)); then
  echo "lint: clang-tidy found problems (exit $status)" >&2
  exit 1
fi
echo "lint: clean"
