// The grammar of tacit rule files, as PEGTL rules (docs/grammar.ebnf is the same
// grammar for people). Included only by dsl/parser.cpp, so PEGTL's templates are
// instantiated in one translation unit.
//
// Conventions:
// * Whitespace and comments are skipped *before* each token (tok<...>), so the text
//   a rule matched, minus its leading blanks, is exactly the node's span.
// * Once an introducing keyword or bracket has matched, the rest is must<...>: the
//   error then names what was expected at that point instead of backtracking.
//   Every rule that can be the target of must<> has a message in dsl/parser.cpp's
//   error_message table; a missing message is a compile error.
// * Lookahead (at<...>) decides between alternatives before any action runs, so
//   actions never fire on a path that is later abandoned.
#pragma once

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

namespace tacit::dsl::grammar {

namespace pegtl = tao::pegtl;
using pegtl::alnum;
using pegtl::alpha;
using pegtl::any;
using pegtl::at;
using pegtl::blank;
using pegtl::digit;
using pegtl::eof;
using pegtl::eolf;
using pegtl::if_must;
using pegtl::list;
using pegtl::must;
using pegtl::not_at;
using pegtl::not_one;
using pegtl::one;
using pegtl::opt;
using pegtl::plus;
using pegtl::ranges;
using pegtl::seq;
using pegtl::sor;
using pegtl::space;
using pegtl::star;
using pegtl::string;
using pegtl::until;

// --- lexical ---------------------------------------------------------------------

struct comment : seq<one<'#'>, until<eolf>> {};
struct ws : star<sor<space, comment>> {};
template <typename Rule>
struct tok : seq<ws, Rule> {};

struct ident_first : ranges<'a', 'z', 'A', 'Z', '_'> {};
struct ident_other : ranges<'a', 'z', 'A', 'Z', '0', '9', '_'> {};
template <typename Str>
struct word : seq<Str, not_at<ident_other>> {};

#define TACIT_KEYWORD(name, text) \
  struct kw_##name : tok<word<TAO_PEGTL_STRING(text)>> {}
TACIT_KEYWORD(definition, "definition");
TACIT_KEYWORD(module, "module");
TACIT_KEYWORD(import, "import");
TACIT_KEYWORD(as, "as");
TACIT_KEYWORD(param, "param");
TACIT_KEYWORD(field, "field");
TACIT_KEYWORD(let, "let");
TACIT_KEYWORD(fn, "fn");
TACIT_KEYWORD(clause, "clause");
TACIT_KEYWORD(cite, "cite");
TACIT_KEYWORD(verdict, "verdict");
TACIT_KEYWORD(check, "check");
TACIT_KEYWORD(in, "in");
TACIT_KEYWORD(where, "where");
TACIT_KEYWORD(if, "if");
TACIT_KEYWORD(then, "then");
TACIT_KEYWORD(else, "else");
TACIT_KEYWORD(and, "and");
TACIT_KEYWORD(or, "or");
TACIT_KEYWORD(not, "not");
TACIT_KEYWORD(is, "is");
TACIT_KEYWORD(known, "known");
TACIT_KEYWORD(unknown, "unknown");
TACIT_KEYWORD(true, "true");
TACIT_KEYWORD(false, "false");
TACIT_KEYWORD(list, "list");
#undef TACIT_KEYWORD

// Words that can never be a name.
struct reserved
    : word<sor<TAO_PEGTL_STRING("definition"), TAO_PEGTL_STRING("module"), TAO_PEGTL_STRING("import"),
               TAO_PEGTL_STRING("param"), TAO_PEGTL_STRING("field"), TAO_PEGTL_STRING("let"), TAO_PEGTL_STRING("fn"),
               TAO_PEGTL_STRING("clause"), TAO_PEGTL_STRING("cite"), TAO_PEGTL_STRING("verdict"),
               TAO_PEGTL_STRING("check"), TAO_PEGTL_STRING("in"), TAO_PEGTL_STRING("where"), TAO_PEGTL_STRING("if"),
               TAO_PEGTL_STRING("then"), TAO_PEGTL_STRING("else"), TAO_PEGTL_STRING("and"), TAO_PEGTL_STRING("or"),
               TAO_PEGTL_STRING("not"), TAO_PEGTL_STRING("is"), TAO_PEGTL_STRING("known"),
               TAO_PEGTL_STRING("unknown"), TAO_PEGTL_STRING("true"), TAO_PEGTL_STRING("false"),
               TAO_PEGTL_STRING("as")>> {};
// Words that start an item: the header's metadata stops at them.
struct item_keyword : word<sor<TAO_PEGTL_STRING("import"), TAO_PEGTL_STRING("param"), TAO_PEGTL_STRING("field"),
                               TAO_PEGTL_STRING("let"), TAO_PEGTL_STRING("fn"), TAO_PEGTL_STRING("clause"),
                               TAO_PEGTL_STRING("verdict"), TAO_PEGTL_STRING("check")>> {};

struct raw_identifier : seq<ident_first, star<ident_other>> {};
struct identifier : seq<not_at<reserved>, raw_identifier> {};
struct name_token : tok<identifier> {};

// Dotted names declare parameters (jsh.allow_mixed); expressions read them as a
// name followed by field accesses, which the checker resolves.
struct dotted_name : tok<seq<identifier, star<one<'.'>, raw_identifier>>> {};
// A definition id: rules/cci-2022-refractory.tacit declares cci-2022-refractory.
struct definition_name : tok<seq<ident_first, star<sor<ident_other, one<'-'>>>>> {};

struct digits : plus<digit> {};
struct number_text : seq<digits, opt<one<'.'>, digits>> {};
struct unit_text
    : sor<TAO_PEGTL_STRING("mAU/mL"), TAO_PEGTL_STRING("ng/mL"), TAO_PEGTL_STRING("mg/dL"), TAO_PEGTL_STRING("g/dL"),
          TAO_PEGTL_STRING("umol/L"), TAO_PEGTL_STRING("\xC2\xB5mol/L"), TAO_PEGTL_STRING("g/L"),
          TAO_PEGTL_STRING("U/L"), TAO_PEGTL_STRING("10^9/L"), one<'%'>,
          word<sor<TAO_PEGTL_STRING("mm"), TAO_PEGTL_STRING("cm"), TAO_PEGTL_STRING("days"),
                   TAO_PEGTL_STRING("day"), TAO_PEGTL_STRING("weeks"), TAO_PEGTL_STRING("week"),
                   TAO_PEGTL_STRING("months"), TAO_PEGTL_STRING("month"), TAO_PEGTL_STRING("years"),
                   TAO_PEGTL_STRING("year")>>> {};
// "50 mm", "3 mg/dL", "28 days": the unit follows on the same line.
struct number_literal : tok<seq<number_text, opt<star<blank>, unit_text>>> {};

struct date_text : seq<digit, digit, digit, digit, one<'-'>, digit, digit, one<'-'>, digit, digit> {};
struct date_literal : tok<if_must<one<'@'>, date_text>> {};

// --- strings (with {interpolation}) -------------------------------------------------

struct expression;
struct string_open : one<'"'> {};
struct string_escape_char : one<'"', '\\', 'n', 't', '{', '}'> {};
struct string_escape : if_must<one<'\\'>, string_escape_char> {};
struct string_plain : plus<not_one<'"', '\\', '{', '\n', '\r'>> {};
struct interpolation_close : tok<one<'}'>> {};
struct string_interpolation : if_must<one<'{'>, expression, interpolation_close> {};
struct string_close : one<'"'> {};
struct string_body : seq<star<sor<string_plain, string_escape, string_interpolation>>, string_close> {};
struct string_literal : tok<if_must<string_open, string_body>> {};

// --- expressions ----------------------------------------------------------------------

struct paren_close : tok<one<')'>> {};
struct bracket_close : tok<one<']'>> {};
struct brace_close : tok<one<'}'>> {};
struct colon : tok<one<':'>> {};

struct parenthesized : if_must<tok<one<'('>>, expression, paren_close> {};

struct list_open : tok<one<'['>> {};
struct list_elements : opt<list<expression, tok<one<','>>>> {};
struct list_literal : if_must<list_open, list_elements, bracket_close> {};

struct record_open : tok<one<'{'>> {};
struct record_key : name_token {};
struct record_entry : seq<record_key, must<colon>, must<expression>> {};
struct record_entries : opt<list<record_entry, tok<one<','>>>> {};
struct record_literal : if_must<record_open, record_entries, brace_close> {};

struct literal_true : kw_true {};
struct literal_false : kw_false {};
struct literal_unknown : kw_unknown {};

// f(a, b: c) and any(x in xs where P: body)
struct call_open : tok<one<'('>> {};
struct binder_variable : name_token {};
struct binder_filter : if_must<kw_where, expression> {};
struct binder_body : if_must<colon, expression> {};
struct binder_args : seq<binder_variable, must<kw_in>, must<expression>, opt<binder_filter>, opt<binder_body>> {};
struct argument_name : name_token {};
struct argument : seq<opt<at<name_token, colon>, argument_name, colon>, must<expression>> {};
struct plain_args : opt<not_at<tok<one<')'>>>, list<argument, tok<one<','>>>> {};
struct call_args : sor<seq<at<name_token, kw_in>, binder_args>, plain_args> {};
struct call_tail : if_must<call_open, call_args, paren_close> {};

struct name_reference : name_token {};
struct field_name : tok<raw_identifier> {};
struct field_tail : seq<tok<one<'.'>>, not_at<one<'.'>>, must<field_name>> {};

// Items start at the beginning of a line; a "let" there is always an item, never
// the start of a let-expression, so "let a = 3 +" followed by an item on the next
// line reports the missing operand where it is missing.
struct indented_token {
  using rule_t = indented_token;
  using subs_t = pegtl::type_list<>;
  template <typename ParseInput>
  static bool match(ParseInput& in) noexcept {
    const char* at = in.current();
    while (at < in.end()) {
      if (*at == ' ' || *at == '\t' || *at == '\r' || *at == '\n') {
        ++at;
      } else if (*at == '#') {
        while (at < in.end() && *at != '\n') ++at;
      } else {
        break;
      }
    }
    const char* line_start = at;
    while (line_start > in.begin() && line_start[-1] != '\n') --line_start;
    return at != line_start;
  }
};
struct let_binding_name : name_token {};
struct let_expression
    : seq<at<indented_token>, if_must<kw_let, let_binding_name, tok<one<'='>>, expression, kw_in, expression>> {};
struct conditional : if_must<kw_if, expression, kw_then, expression, kw_else, expression> {};

struct primary : sor<parenthesized, list_literal, record_literal, string_literal, date_literal, number_literal,
                     literal_true, literal_false, literal_unknown, conditional, let_expression, name_reference> {};
struct postfix : seq<primary, star<sor<field_tail, call_tail>>> {};

struct unary;
struct negation : if_must<tok<seq<one<'-'>, not_at<one<'-'>>>>, unary> {};
struct unary : sor<negation, postfix> {};

struct mul_op : tok<one<'*', '/'>> {};
struct mul_tail : if_must<mul_op, unary> {};
struct multiplicative : seq<unary, star<mul_tail>> {};

struct add_op : tok<one<'+', '-'>> {};
struct add_tail : if_must<add_op, multiplicative> {};
struct additive : seq<multiplicative, star<add_tail>> {};

struct coalesce_op : tok<TAO_PEGTL_STRING("??")> {};
struct coalesce_tail : if_must<coalesce_op, additive> {};
struct coalescing : seq<additive, star<coalesce_tail>> {};

struct compare_op : tok<sor<TAO_PEGTL_STRING("=="), TAO_PEGTL_STRING("!="), TAO_PEGTL_STRING("<="),
                            TAO_PEGTL_STRING(">="), one<'<'>, one<'>'>>> {};
struct compare_tail : if_must<compare_op, coalescing> {};
struct known_word : sor<kw_known, kw_unknown> {};
struct is_tail : if_must<kw_is, known_word> {};
struct comparison : seq<coalescing, opt<sor<compare_tail, is_tail>>> {};

struct not_operand;
struct not_expression : if_must<kw_not, not_operand> {};
struct not_operand : sor<not_expression, comparison> {};

struct and_tail : if_must<kw_and, not_operand> {};
struct and_expression : seq<not_operand, star<and_tail>> {};
struct or_tail : if_must<kw_or, and_expression> {};
struct or_expression : seq<and_expression, star<or_tail>> {};

struct expression : or_expression {};

// --- types ----------------------------------------------------------------------------

struct type_expr;
struct type_choice : list<string_literal, tok<one<'|'>>> {};
struct type_list_close : tok<one<'>'>> {};
struct type_list : if_must<kw_list, tok<one<'<'>>, type_expr, type_list_close> {};
struct type_unit : tok<unit_text> {};
struct type_name : name_token {};
struct type_begin : pegtl::success {};
struct type_expr : seq<type_begin, sor<type_choice, type_list, type_unit, type_name>> {};

// --- items ----------------------------------------------------------------------------

struct equals : tok<one<'='>> {};
struct description : seq<string_literal> {};
struct range_low : unary {};
struct range_high : unary {};
struct range_dots : tok<TAO_PEGTL_STRING("..")> {};
struct range_clause : if_must<kw_in, range_low, range_dots, range_high> {};

struct import_name : name_token {};
struct import_alias : if_must<kw_as, name_token> {};
struct import_item : if_must<kw_import, import_name, opt<import_alias>> {};

struct param_name : dotted_name {};
struct param_item
    : if_must<kw_param, param_name, colon, type_expr, equals, expression, opt<range_clause>, opt<description>> {};

struct field_decl_name : name_token {};
struct field_item : if_must<kw_field, field_decl_name, colon, type_expr, opt<range_clause>, opt<description>> {};

struct let_name : name_token {};
struct let_item : if_must<kw_let, let_name, equals, expression> {};

struct fn_name : name_token {};
struct fn_param : seq<name_token, must<colon>, must<type_expr>> {};
struct fn_params : opt<list<fn_param, tok<one<','>>>> {};
struct fn_item : if_must<kw_fn, fn_name, tok<one<'('>>, fn_params, paren_close, equals, expression> {};

struct clause_name : name_token {};
struct clause_cite : if_must<kw_cite, string_literal> {};
struct clause_item
    : if_must<kw_clause, clause_name, opt<description>, star<clause_cite>, equals, expression> {};

struct verdict_item : if_must<kw_verdict, expression> {};
struct check_item : if_must<kw_check, description, equals, expression> {};

struct item : sor<import_item, param_item, field_item, let_item, fn_item, clause_item, verdict_item, check_item> {};

// --- header -----------------------------------------------------------------------------

struct header_kind : sor<kw_definition, kw_module> {};
struct meta_key : tok<seq<not_at<item_keyword>, raw_identifier>> {};
struct meta_word : tok<raw_identifier> {};
struct meta_value : sor<string_literal, number_literal, meta_word> {};
struct meta_entry : seq<meta_key, must<meta_value>> {};
struct header : seq<must<header_kind>, must<definition_name>, star<meta_entry>> {};

// The file is parsed as a header, then item by item, so that an error in one item
// is reported and parsing resumes at the next item (see dsl/parser.cpp).
struct end_of_file : tok<eof> {};
struct next_item : sor<item, end_of_file> {};

}  // namespace tacit::dsl::grammar

namespace tao::pegtl {
template <typename Name>
struct analyze_traits<Name, tacit::dsl::grammar::indented_token> : analyze_opt_traits<> {};
}  // namespace tao::pegtl
