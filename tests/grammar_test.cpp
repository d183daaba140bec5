// The grammar has no rule that can loop without consuming input (PEGTL's analyze).
#include <doctest/doctest.h>

#include <tao/pegtl/contrib/analyze.hpp>

#include "dsl/grammar.hpp"

TEST_CASE("grammar: no infinite loops or left recursion") {
  namespace g = tacit::dsl::grammar;
  CHECK(tao::pegtl::analyze<g::header>(1) == 0);
  CHECK(tao::pegtl::analyze<g::next_item>(1) == 0);
  CHECK(tao::pegtl::analyze<g::expression>(1) == 0);
}
