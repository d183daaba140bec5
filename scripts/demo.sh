#!/usr/bin/env bash
# The demo: installs what is missing, builds tacit (Release) and evaluates the
# bundled definitions (rules/, the default) over the example cohort.
#
#   bash scripts/demo.sh [extra tacit eval arguments, e.g. --jobs 1]
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
bash scripts/build.sh release

echo "demo: build/release/cli/tacit eval --input examples/cohort.ndjson --format text $*"
exec build/release/cli/tacit eval --input examples/cohort.ndjson --format text "$@"
