#include <doctest/doctest.h>

#include "dsl/diagnostic.hpp"

using namespace tacit::dsl;

TEST_CASE("a diagnostic renders as file:line:col, the line and a caret") {
  const SourceFile file("rules/x.tacit", "definition x\n  title 42\n");
  Diagnostic d;
  d.message = "expected a string, found a number";
  d.file = &file;
  d.span = Span{file.position_at(21), file.position_at(23)};
  CHECK(render_diagnostic(d) ==
        "rules/x.tacit:2:9: error: expected a string, found a number\n"
        "    title 42\n"
        "          ^~\n");
}

TEST_CASE("a line's text has no terminator, CRLF included") {
  const SourceFile file("f", "a\r\nbc\n");
  CHECK(file.line_text(1) == "a");
  CHECK(file.line_text(2) == "bc");
  CHECK(file.position_at(3).line == 2);
  CHECK(file.position_at(3).column == 1);
}
