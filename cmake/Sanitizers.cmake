# -DTACIT_SANITIZE=ON: AddressSanitizer + UndefinedBehaviorSanitizer for every
# target (libraries, cli, tests, bench, fuzz), so that a test failing under a
# sanitizer points at our code rather than at an uninstrumented caller.
# -fno-sanitize-recover=all makes the first undefined behaviour fatal: ctest then
# sees a failed test instead of a report scrolled past in a passing run.
# Works with GCC (libasan/libubsan) and Clang (libclang-rt-14-dev on Debian 12).
option(TACIT_SANITIZE "Build everything with ASan + UBSan" OFF)

if(TACIT_SANITIZE)
  set(TACIT_SANITIZER_FLAGS -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_compile_options(${TACIT_SANITIZER_FLAGS})
  add_link_options(${TACIT_SANITIZER_FLAGS})
  message(STATUS "tacit: ASan + UBSan on every target")
endif()
