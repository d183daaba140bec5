# -DTACIT_FUZZ=ON: coverage-guided fuzzing with Clang's libFuzzer (Debian 12:
# libclang-rt-14-dev). Usually combined with -DTACIT_SANITIZE=ON.
#
# Every target is compiled with -fsanitize=fuzzer-no-link, so the libraries carry
# coverage instrumentation without libFuzzer's main(). A fuzz target links
# `tacit_fuzz_flags`, which adds -fsanitize=fuzzer (libFuzzer's driver and main):
#
#   add_executable(fuzz_parser fuzz_parser.cpp)   # defines LLVMFuzzerTestOneInput
#   target_link_libraries(fuzz_parser PRIVATE tacit_dsl tacit_fuzz_flags)
#
# FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION is the usual libFuzzer/OSS-Fuzz macro;
# code may use it to lower its limits so that the fuzzer reaches them quickly.
# tacit_fuzz_flags exists in every build (empty unless TACIT_FUZZ) so that a fuzz
# CMakeLists can name it unconditionally.
option(TACIT_FUZZ "Build libFuzzer targets (Clang only)" OFF)

add_library(tacit_fuzz_flags INTERFACE)

if(TACIT_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "TACIT_FUZZ needs Clang (libFuzzer); configure with -DCMAKE_CXX_COMPILER=clang++ "
                        "(found ${CMAKE_CXX_COMPILER_ID})")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
  add_link_options(-fsanitize=fuzzer-no-link)
  add_compile_definitions(FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION)
  target_compile_options(tacit_fuzz_flags INTERFACE -fsanitize=fuzzer)
  target_link_options(tacit_fuzz_flags INTERFACE -fsanitize=fuzzer)
  message(STATUS "tacit: libFuzzer instrumentation on every target")
endif()
