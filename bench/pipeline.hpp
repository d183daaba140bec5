// Runs a worker over every batch of an NDJSON stream on `jobs` threads and
// writes each batch's output in input order: the shape of `tacit eval --jobs N`
// (one reader, a pool of workers, a bounded reorder buffer), so the floor and
// the native baseline scale the same way the interpreter is meant to.
//
// A Worker has `void process(const LineBatch&, std::string& out)`; each thread
// owns one (its simdjson parser and counters), and the caller sums their
// counters afterwards.
#pragma once

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "line_batches.hpp"

namespace bench {

// Returns false if the output could not be written.
template <class Worker>
bool run_batches(BatchReader& reader, std::vector<Worker>& workers, std::FILE* out) {
  bool write_ok = true;
  if (workers.size() <= 1) {
    // One job: no threads at all, so --jobs 1 measures the work alone.
    LineBatch batch;
    std::string text;
    while (reader.next(batch)) {
      text.clear();
      workers[0].process(batch, text);
      if (out && !text.empty()) write_ok &= std::fwrite(text.data(), 1, text.size(), out) == text.size();
    }
    return write_ok;
  }

  // Batches read but not yet written: bounds memory whatever the order in
  // which workers finish.
  const size_t max_in_flight = 4 * workers.size();
  std::mutex mutex;
  std::condition_variable queue_ready;   // a batch was queued, or input ended
  std::condition_variable slot_free;     // a batch was written
  std::deque<LineBatch> queue;
  std::vector<LineBatch> free_batches;   // recycled buffers
  std::map<uint64_t, std::string> done;  // finished, waiting for their turn
  uint64_t next_to_write = 0;
  size_t in_flight = 0;
  bool input_ended = false;

  auto work = [&](Worker& worker) {
    std::string text;
    for (;;) {
      LineBatch batch;
      {
        std::unique_lock lock(mutex);
        queue_ready.wait(lock, [&] { return !queue.empty() || input_ended; });
        if (queue.empty()) return;
        batch = std::move(queue.front());
        queue.pop_front();
      }
      text.clear();
      worker.process(batch, text);
      std::unique_lock lock(mutex);
      done.emplace(batch.seq, std::move(text));
      text = std::string();
      free_batches.push_back(std::move(batch));
      size_t written = 0;
      // Writing under the lock keeps the order simple; the writes are large
      // (a whole batch) and cheap next to parsing it.
      for (auto it = done.find(next_to_write); it != done.end(); it = done.find(next_to_write)) {
        if (out && !it->second.empty()) {
          write_ok &= std::fwrite(it->second.data(), 1, it->second.size(), out) == it->second.size();
        }
        done.erase(it);
        ++next_to_write;
        ++written;
      }
      if (written > 0) {
        in_flight -= written;
        slot_free.notify_one();
      }
    }
  };

  std::vector<std::thread> threads;
  threads.reserve(workers.size());
  for (Worker& worker : workers) threads.emplace_back(work, std::ref(worker));

  for (;;) {
    LineBatch batch;
    {
      std::unique_lock lock(mutex);
      slot_free.wait(lock, [&] { return in_flight < max_in_flight; });
      if (!free_batches.empty()) {
        batch = std::move(free_batches.back());
        free_batches.pop_back();
      }
    }
    if (!reader.next(batch)) break;
    {
      std::lock_guard lock(mutex);
      queue.push_back(std::move(batch));
      ++in_flight;
    }
    queue_ready.notify_one();
  }
  {
    std::lock_guard lock(mutex);
    input_ended = true;
  }
  queue_ready.notify_all();
  for (std::thread& t : threads) t.join();
  return write_ok;
}

}  // namespace bench
