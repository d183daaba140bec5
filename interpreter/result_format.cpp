#include "interpreter/result_format.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "interpreter/data.hpp"

namespace tacit::interpreter {

std::string_view verdict_name(Truth verdict) {
  switch (verdict) {
    case Truth::true_:
      return "met";
    case Truth::false_:
      return "not_met";
    case Truth::unknown:
      return "indeterminate";
  }
  return "indeterminate";
}

namespace {

std::string json_date(const std::optional<Date>& date) {
  return date ? fmt::format("\"{}\"", format_date(*date)) : "null";
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

ResultFormatter::ResultFormatter(std::vector<DefinitionInfo> definitions, FormatOptions options)
    : definitions_(std::move(definitions)), options_(options) {
  cell_width_ = 24;
  for (const auto& d : definitions_) cell_width_ = std::max(cell_width_, d.id.size() + 2);
}

std::string ResultFormatter::begin() const {
  switch (options_.format) {
    case OutputFormat::json:
      return "[";
    case OutputFormat::csv:
      return "patient,definition,verdict,first_met\n";
    case OutputFormat::ndjson:
      return {};
    case OutputFormat::text: {
      std::string header = fmt::format("{:<{}} ", "patient", id_width_ - 1);
      for (const auto& d : definitions_) header += fmt::format("{:<{}}", d.id, cell_width_);
      while (!header.empty() && header.back() == ' ') header.pop_back();
      return header + "\n";
    }
  }
  return {};
}

std::string ResultFormatter::end() const {
  if (options_.format == OutputFormat::json) return "\n]\n";
  return {};
}

std::string ResultFormatter::json_result(const PatientReport& report, std::size_t d) const {
  const DefinitionOutcome& outcome = report.outcomes[d];
  std::string reasons;
  for (const ClauseReason& reason : outcome.reasons) {
    std::string events;
    for (const Event* event : reason.events) {
      events += fmt::format("{}\"{}\"", events.empty() ? "" : ", ", format_date(event->date));
    }
    std::string detail = reason.description;
    if (!reason.detail.empty()) detail += detail.empty() ? reason.detail : ": " + reason.detail;
    reasons += fmt::format("{}{{\"clause\": {}, \"verdict\": \"{}\", \"events\": [{}], \"detail\": {}}}",
                           reasons.empty() ? "" : ", ", quote_json(reason.clause), verdict_name(reason.value), events,
                           quote_json(detail));
  }
  std::string missing;
  for (const std::string& m : outcome.missing) missing += fmt::format("{}{}", missing.empty() ? "" : ", ", quote_json(m));
  return fmt::format(
      "{{\"patient\": {}, \"definition\": {}, \"definition_version\": {}, \"verdict\": \"{}\", \"first_met\": {}, "
      "\"as_of\": {}, \"reasons\": [{}], \"missing\": [{}]}}",
      quote_json(report.patient_id), quote_json(definitions_[d].id), quote_json(definitions_[d].version),
      verdict_name(outcome.verdict), json_date(outcome.first_met), json_date(outcome.as_of), reasons, missing);
}

std::string ResultFormatter::json_rejection(const PatientReport& report) const {
  std::string errors;
  for (const DataError& error : report.errors) {
    errors += fmt::format("{}{}", errors.empty() ? "" : ", ", quote_json(render_data_error(error)));
  }
  return fmt::format("{{\"patient\": {}, \"patient_index\": {}, \"rejected\": true, \"errors\": [{}]}}",
                     report.patient_id.empty() ? "null" : quote_json(report.patient_id), report.patient_index, errors);
}

std::string ResultFormatter::text_row(const PatientReport& report) const {
  const auto paint = [&](std::string_view text, std::string_view colour) {
    return options_.colour ? fmt::format("\x1b[{}m{}\x1b[0m", colour, text) : std::string(text);
  };
  std::string row = fmt::format("{:<{}} ", report.patient_id.empty() ? "?" : report.patient_id, id_width_ - 1);
  if (!report.errors.empty()) {
    return row + paint(fmt::format("rejected: {}", report.errors.front().message), "1;31") + "\n";
  }
  for (std::size_t d = 0; d < report.outcomes.size(); ++d) {
    const DefinitionOutcome& outcome = report.outcomes[d];
    std::string cell;
    std::string_view colour;
    switch (outcome.verdict) {
      case Truth::true_:
        cell = fmt::format("met {}", outcome.first_met ? format_date(*outcome.first_met) : "");
        colour = "1;31";
        break;
      case Truth::false_:
        cell = "not met";
        colour = "32";
        break;
      case Truth::unknown:
        cell = "indeterminate";
        colour = "33";
        break;
    }
    const std::size_t pad = cell_width_ > cell.size() ? cell_width_ - cell.size() : 1;
    row += paint(cell, colour);
    if (d + 1 < report.outcomes.size()) row.append(pad, ' ');
  }
  return row + "\n";
}

std::string ResultFormatter::patient(const PatientReport& report, bool first) const {
  switch (options_.format) {
    case OutputFormat::ndjson: {
      if (!report.errors.empty()) return json_rejection(report) + "\n";
      std::string out;
      for (std::size_t d = 0; d < report.outcomes.size(); ++d) out += json_result(report, d) + "\n";
      return out;
    }
    case OutputFormat::json: {
      std::string out;
      bool need_comma = !first;
      const auto add = [&](const std::string& object) {
        out += need_comma ? ",\n" : "\n";
        out += object;
        need_comma = true;
      };
      if (!report.errors.empty()) {
        add(json_rejection(report));
      } else {
        for (std::size_t d = 0; d < report.outcomes.size(); ++d) add(json_result(report, d));
      }
      return out;
    }
    case OutputFormat::csv: {
      std::string out;
      if (!report.errors.empty()) {
        return fmt::format("{},,rejected,\n", csv_field(report.patient_id));
      }
      for (std::size_t d = 0; d < report.outcomes.size(); ++d) {
        const auto& outcome = report.outcomes[d];
        out += fmt::format("{},{},{},{}\n", csv_field(report.patient_id), csv_field(definitions_[d].id),
                           verdict_name(outcome.verdict), outcome.first_met ? format_date(*outcome.first_met) : "");
      }
      return out;
    }
    case OutputFormat::text:
      return text_row(report);
  }
  return {};
}

}  // namespace tacit::interpreter
