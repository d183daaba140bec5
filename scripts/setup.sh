#!/usr/bin/env bash
# Installs the Debian 12 packages tacit needs, and only those that are missing.
#
#   bash scripts/setup.sh            install what is missing (apt-get as root, else sudo)
#   bash scripts/setup.sh --dry-run  list what is missing and the command that would run
#   bash scripts/setup.sh --list     print the package list, one a line
#
# Idempotent: when everything is installed it only runs dpkg-query, never apt-get
# (not even `apt-get update`). Without root and without a working sudo it prints
# the exact apt-get command and exits 1.
#
# TACIT_SETUP_ASSUME_MISSING="pkg ..." treats those packages as missing; it exists
# to test this script's install path without uninstalling anything.
set -euo pipefail

# Build and test: compiler, build tools, libraries (all header-only or -dev).
core_packages=(
  build-essential cmake ninja-build g++
  tao-pegtl-dev libfmt-dev doctest-dev libsimdjson-dev libcli11-dev
  python3 ccache
)
# Sanitizer and fuzz builds: clang 14 and its compiler-rt, which on Debian 12 holds
# the ASan/UBSan runtimes and libFuzzer (libclang_rt.fuzzer-x86_64.a); llvm-14
# holds llvm-symbolizer, without which sanitizer stacks are bare addresses.
# Lint and format: scripts/lint.sh, .clang-format.
tool_packages=(
  clang libclang-rt-14-dev llvm-14
  clang-tidy clang-format
)
packages=("${core_packages[@]}" "${tool_packages[@]}")

dry_run=0
case "${1:-}" in
  "") ;;
  --dry-run) dry_run=1 ;;
  --list) printf '%s\n' "${packages[@]}"; exit 0 ;;
  -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "setup.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
esac

is_installed() {
  local pkg=$1
  if [[ " ${TACIT_SETUP_ASSUME_MISSING:-} " == *" $pkg "* ]]; then
    return 1
  fi
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null)" == installed ]]
}

missing=()
for pkg in "${packages[@]}"; do
  is_installed "$pkg" || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

install_cmd="apt-get install -y --no-install-recommends ${missing[*]}"
echo "setup: missing: ${missing[*]}"

if ((dry_run)); then
  echo "setup: would run: apt-get update && $install_cmd"
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  sudo_cmd=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo_cmd=(sudo -n)
else
  cat >&2 <<MSG
setup: cannot install packages: not root and no password-less sudo.
Run this as root (or with sudo), then run the script again:

  apt-get update && $install_cmd
MSG
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
# shellcheck disable=SC2086  # one word per package
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive $install_cmd -q

still_missing=()
for pkg in "${missing[@]}"; do
  TACIT_SETUP_ASSUME_MISSING='' is_installed "$pkg" || still_missing+=("$pkg")
done
if ((${#still_missing[@]} > 0)); then
  echo "setup: still missing after apt-get: ${still_missing[*]}" >&2
  exit 1
fi
echo "setup: installed ${missing[*]}"
