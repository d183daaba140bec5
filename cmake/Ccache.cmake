# ccache as the compiler launcher when it is installed (scripts/setup.sh installs it).
# A launcher given on the command line or in the environment
# (CMAKE_CXX_COMPILER_LAUNCHER) wins; -DTACIT_CCACHE=OFF turns this off.
option(TACIT_CCACHE "Use ccache as the compiler launcher when it is found" ON)

if(TACIT_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  find_program(TACIT_CCACHE_PROGRAM ccache)
  if(TACIT_CCACHE_PROGRAM)
    set(CMAKE_CXX_COMPILER_LAUNCHER "${TACIT_CCACHE_PROGRAM}")
    message(STATUS "tacit: compiling through ${TACIT_CCACHE_PROGRAM}")
  else()
    message(STATUS "tacit: ccache not found, compiling without it")
  endif()
endif()
