#!/usr/bin/env bash
# Configures and builds one of tacit's build configurations.
#
#   bash scripts/build.sh [CONFIG] [-DOPTION=VALUE ...]
#   bash scripts/build.sh --configure-only [CONFIG] [-DOPTION=VALUE ...]
#
# CONFIG (default: release) names a build directory build/CONFIG and its settings:
#   release  Release build with the default compiler: what the demo runs
#   debug    Debug build with the default compiler: what scripts/test.sh tests
#   asan     Debug build with ASan + UBSan (TACIT_SANITIZE), with clang++ when present
#   fuzz     libFuzzer + ASan + UBSan build with clang++ (TACIT_FUZZ, TACIT_SANITIZE)
# Extra -D arguments are passed to cmake. TACIT_BUILD_DIR overrides the directory,
# CXX the compiler of release/debug (CMake's usual variable), TACIT_SANITIZE_CXX
# the compiler of asan (e.g. g++ to use GCC's sanitizers).
#
# Does not install anything: run scripts/setup.sh first (test.sh and demo.sh do).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

configure_only=0
if [[ "${1:-}" == --configure-only ]]; then
  configure_only=1
  shift
fi

config=release
if [[ $# -gt 0 && "$1" != -* ]]; then
  config=$1
  shift
fi

cmake_args=(-G Ninja)
case "$config" in
  release) cmake_args+=(-DCMAKE_BUILD_TYPE=Release) ;;
  debug) cmake_args+=(-DCMAKE_BUILD_TYPE=Debug) ;;
  asan)
    san_cxx=${TACIT_SANITIZE_CXX:-}
    if [[ -z "$san_cxx" ]]; then
      san_cxx=$(command -v clang++ || command -v g++)
    fi
    cmake_args+=(-DCMAKE_BUILD_TYPE=Debug -DTACIT_SANITIZE=ON "-DCMAKE_CXX_COMPILER=$san_cxx")
    ;;
  fuzz)
    if ! command -v clang++ >/dev/null; then
      echo "build.sh: the fuzz build needs clang++ (bash scripts/setup.sh installs it)" >&2
      exit 1
    fi
    cmake_args+=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DTACIT_FUZZ=ON -DTACIT_SANITIZE=ON
                 "-DCMAKE_CXX_COMPILER=$(command -v clang++)")
    ;;
  *)
    echo "build.sh: unknown configuration '$config' (release, debug, asan, fuzz)" >&2
    exit 2
    ;;
esac

build_dir=${TACIT_BUILD_DIR:-build/$config}

# A build directory first configured with another compiler cannot switch in place.
cache="$build_dir/CMakeCache.txt"
for arg in "${cmake_args[@]}"; do
  if [[ "$arg" == -DCMAKE_CXX_COMPILER=* && -f "$cache" ]]; then
    cached=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$cache")
    if [[ "$cached" != "${arg#*=}" ]]; then
      echo "build.sh: $build_dir was configured with '$cached', not '${arg#*=}': starting it afresh"
      rm -rf "$build_dir"
    fi
  fi
done

echo "build.sh: configuring $build_dir ($config)"
cmake -S . -B "$build_dir" "${cmake_args[@]}" "$@"
if ((configure_only)); then
  exit 0
fi
echo "build.sh: building $build_dir"
cmake --build "$build_dir"
