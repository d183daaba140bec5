#include "interpreter/cohort.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "interpreter/id_set.hpp"

namespace tacit::interpreter {
namespace {

struct Batch {
  std::uint64_t sequence = 0;
  std::vector<RawRecord> records;
  std::size_t used = 0;
};

// One patient's result, ready to write: formatted text, or the rejection.
struct Finished {
  std::string id;
  std::uint64_t index = 0;
  std::uint64_t line = 0;
  std::string chunk;
  std::optional<PatientReport> rejection;
};
using Done = std::vector<Finished>;

class Pipeline {
 public:
  Pipeline(const Engine& engine, RecordReader& reader, const ResultFormatter& formatter, const CohortOptions& options)
      : engine_(engine), reader_(reader), formatter_(formatter), options_(options) {}

  CohortSummary run(std::FILE* out, const std::function<void(const PatientReport&)>& on_rejection) {
    const unsigned jobs = std::max(1U, options_.jobs);
    max_in_flight_ = static_cast<std::size_t>(jobs) * 4;
    std::vector<std::thread> workers;
    for (unsigned i = 0; i < jobs; ++i) workers.emplace_back([this] { work(); });
    std::thread reader([this] { read(); });
    write(out, on_rejection);
    reader.join();
    for (auto& worker : workers) worker.join();
    return summary_;
  }

 private:
  void read() {
    std::uint64_t sequence = 0;
    while (true) {
      Batch batch;
      batch.sequence = sequence;
      {
        std::unique_lock lock(mutex_);
        // Reuse a spent batch's buffers when there is one.
        if (!spare_.empty()) {
          batch.records = std::move(spare_.back());
          spare_.pop_back();
        }
      }
      batch.records.resize(std::max(batch.records.size(), options_.batch_size));
      while (batch.used < options_.batch_size && reader_.next(batch.records[batch.used])) ++batch.used;
      const bool last = batch.used < options_.batch_size;
      if (batch.used > 0) {
        std::unique_lock lock(mutex_);
        space_.wait(lock, [&] { return in_flight_ < max_in_flight_; });
        ++in_flight_;
        todo_.push_back(std::move(batch));
        ++sequence;
        work_ready_.notify_one();
      }
      if (last) break;
    }
    std::unique_lock lock(mutex_);
    reading_done_ = true;
    total_batches_ = sequence;
    work_ready_.notify_all();
    done_ready_.notify_all();
  }

  void work() {
    Session session(engine_);
    while (true) {
      Batch batch;
      {
        std::unique_lock lock(mutex_);
        work_ready_.wait(lock, [&] { return !todo_.empty() || reading_done_; });
        if (todo_.empty()) return;
        batch = std::move(todo_.front());
        todo_.pop_front();
      }
      Done done;
      for (std::size_t i = 0; i < batch.used; ++i) {
        PatientReport report = session.evaluate(batch.records[i], options_.verdict);
        Finished finished{report.patient_id, report.patient_index, report.line, {}, std::nullopt};
        if (report.errors.empty()) {
          finished.chunk = formatter_.patient(report, false);
        } else {
          finished.rejection = std::move(report);
        }
        done.push_back(std::move(finished));
      }
      {
        std::unique_lock lock(mutex_);
        spare_.push_back(std::move(batch.records));
        finished_.emplace(batch.sequence, std::move(done));
        done_ready_.notify_all();
      }
    }
  }

  void write(std::FILE* out, const std::function<void(const PatientReport&)>& on_rejection) {
    const std::string begin = formatter_.begin();
    std::fwrite(begin.data(), 1, begin.size(), out);
    IdSet seen_ids;
    bool first = true;
    for (std::uint64_t next = 0;; ++next) {
      Done done;
      {
        std::unique_lock lock(mutex_);
        done_ready_.wait(lock, [&] { return finished_.count(next) != 0 || (reading_done_ && next >= total_batches_); });
        if (finished_.count(next) == 0) break;
        done = std::move(finished_.at(next));
        finished_.erase(next);
        --in_flight_;
        space_.notify_one();
      }
      for (Finished& finished : done) {
        if (finished.rejection) {
          const PatientReport& report = *finished.rejection;
          if (!report.patient_id.empty()) seen_ids.insert(report.patient_id);
          emit(out, formatter_.patient(report, false), first);
          on_rejection(report);
          ++summary_.rejected;
          continue;
        }
        const std::string& id = finished.id;
        if (!seen_ids.insert(id)) {
          PatientReport report;
          report.patient_id = id;
          report.patient_index = finished.index;
          DataError error;
          error.file = reader_.display_name();
          error.patient_index = finished.index;
          error.line = finished.line;
          error.patient_id = id;
          error.field = "id";
          error.message = fmt::format("expected a unique patient id, found {} again", quote_json(id));
          report.errors.push_back(std::move(error));
          emit(out, formatter_.patient(report, false), first);
          on_rejection(report);
          ++summary_.rejected;
          continue;
        }
        emit(out, finished.chunk, first);
        ++summary_.evaluated;
      }
    }
    const std::string end = formatter_.end();
    std::fwrite(end.data(), 1, end.size(), out);
  }

  // JSON needs a separator before every object but the first; workers format as
  // if not first, so the first chunk loses its leading ",".
  void emit(std::FILE* out, const std::string& chunk, bool& first) {
    std::string_view text = chunk;
    if (first && formatter_.options().format == OutputFormat::json && text.rfind(",\n", 0) == 0) text.remove_prefix(1);
    if (!text.empty()) first = false;
    std::fwrite(text.data(), 1, text.size(), out);
  }

  const Engine& engine_;
  RecordReader& reader_;
  const ResultFormatter& formatter_;
  const CohortOptions& options_;

  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable done_ready_;
  std::condition_variable space_;
  std::deque<Batch> todo_;
  std::map<std::uint64_t, Done> finished_;
  std::vector<std::vector<RawRecord>> spare_;
  std::size_t in_flight_ = 0;
  std::size_t max_in_flight_ = 8;
  bool reading_done_ = false;
  std::uint64_t total_batches_ = 0;
  CohortSummary summary_;
};

}  // namespace

CohortSummary run_cohort(const Engine& engine, RecordReader& reader, const ResultFormatter& formatter,
                         const CohortOptions& options, std::FILE* out,
                         const std::function<void(const PatientReport&)>& on_rejection) {
  Pipeline pipeline(engine, reader, formatter, options);
  return pipeline.run(out, on_rejection);
}

}  // namespace tacit::interpreter
