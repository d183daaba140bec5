#!/usr/bin/env python3
"""Compares `tacit eval` with a table of expected verdicts.

usage: check_expected.py TACIT TIMELINE EXPECTED_TSV [RULES...]

EXPECTED_TSV has the columns patient, definition, params, verdict, first_met
(params: NAME=VALUE pairs separated by ';', empty for the defaults). Every row
must match; prints "N passed, M failed" and exits 1 on any failure.
"""
import collections
import csv
import json
import subprocess
import sys


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    tacit, timeline, expected = sys.argv[1:4]
    rules = sys.argv[4:]
    with open(expected, newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    groups = collections.defaultdict(list)
    for row in rows:
        groups[row["params"]].append(row)
    passed = failed = 0
    for params, group in groups.items():
        command = [tacit, "eval", *rules, "--input", timeline, "--format", "ndjson"]
        for pair in filter(None, params.split(";")):
            command += ["--param", pair]
        run = subprocess.run(command, capture_output=True, text=True)
        if run.returncode != 0:
            print(f"FAIL {' '.join(command)}: exit {run.returncode}: {run.stderr.strip()}")
            failed += len(group)
            continue
        results = {}
        for line in run.stdout.splitlines():
            result = json.loads(line)
            results[(result["patient"], result.get("definition"))] = result
        for row in group:
            result = results.get((row["patient"], row["definition"]))
            want = (row["verdict"], row["first_met"] or None)
            have = (result["verdict"], result["first_met"]) if result else None
            if have == want:
                passed += 1
            else:
                failed += 1
                print(f"FAIL {row['patient']} {row['definition']} [{params or 'defaults'}]: expected {want}, got {have}")
    print(f"{expected}: {passed} passed, {failed} failed")
    sys.exit(1 if failed or not passed else 0)


if __name__ == "__main__":
    main()
