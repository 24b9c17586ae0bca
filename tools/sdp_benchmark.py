"""Query-count benchmark of the sales_dev_policy hot paths (run by bin/bench).

For every operation of ``sales_dev_policy/tests/perf_operations.py`` and every N, create the
data in a savepoint, run the operation once on cold caches and report: queries, queries per
record, ratio of queries against N=1, wall time and time per record. Everything is rolled
back: the database is left as it was.

    python tools/sdp_benchmark.py -c odoo.conf -d DB [--sizes 1,10,100,1000]
        [--threshold 2.0] [--check-size 100] [--only TEXT] [--show-queries]

Exit status 1 when an operation's query count at --check-size is above --threshold times its
count at N=1 (a query per record), 0 otherwise.
"""

import argparse
import importlib.util
import logging
import os
import sys
from collections import Counter

import odoo
from odoo import SUPERUSER_ID, api

HERE = os.path.dirname(os.path.abspath(__file__))
OPERATIONS_FILE = os.path.join(
    os.path.dirname(HERE), "sales_dev_policy", "tests", "perf_operations.py"
)


def load_operations():
    # Loaded by path: importing the tests package would import odoo.tests outside test mode.
    spec = importlib.util.spec_from_file_location("sdp_perf_operations", OPERATIONS_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class QueryCapture(logging.Handler):
    """Collects the SQL text of every query (odoo.sql_db logs them at DEBUG)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.queries = Counter()

    def emit(self, record):
        message = record.getMessage()
        if "query:" in message:
            text = message.split("query:", 1)[1].strip()
            self.queries[" ".join(text.split())[:160]] += 1

    def __enter__(self):
        self.logger = logging.getLogger("odoo.sql_db")
        self.level = self.logger.level
        self.propagate = self.logger.propagate
        self.logger.addHandler(self)
        self.logger.setLevel(logging.DEBUG)
        self.logger.propagate = False
        return self

    def __exit__(self, *exc):
        self.logger.removeHandler(self)
        self.logger.setLevel(self.level)
        self.logger.propagate = self.propagate


def rolled_back(env):
    """A savepoint rolled back on exit, whatever happens inside (data and caches)."""
    return _RolledBack(env)


class _RolledBack:
    def __init__(self, env):
        self.env = env

    def __enter__(self):
        self.savepoint = self.env.cr.savepoint()
        return self

    def __exit__(self, *exc):
        self.savepoint.close(rollback=True)
        self.env.invalidate_all(flush=False)


def run_benchmark(env, ops_module, ops, sizes, show_queries=False):
    """Yield one row per (operation, N): name, n, measure, captured queries or None."""
    for op in ops:
        with rolled_back(env):
            fixture = ops_module.PerfFixture(env)
            # Warm-up: registry caches are filled once per process, not per request.
            with rolled_back(env):
                ops_module.measure(env, op.setup(fixture, sizes[0]))
            for n in sizes:
                with rolled_back(env):
                    run = op.setup(fixture, n)
                    capture = QueryCapture() if show_queries else None
                    result = ops_module.measure(env, run, capture)
                yield op.name, n, result, capture


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--sizes", default="1,10,100,1000")
    parser.add_argument("--threshold", type=float, default=2.0)
    parser.add_argument("--check-size", type=int, default=100)
    parser.add_argument("--only", default="", help="run only operations whose name contains it")
    parser.add_argument(
        "--show-queries", action="store_true", help="print the most repeated queries"
    )
    args = parser.parse_args()
    sizes = sorted({int(s) for s in args.sizes.split(",")} | {1})

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level", "warn"])
    odoo.netsvc.init_logger()
    ops_module = load_operations()
    ops = [op for op in ops_module.OPERATIONS if args.only in op.name]
    registry = odoo.modules.registry.Registry(args.database)

    header = (
        f"{'operation':<58} {'N':>5} {'queries':>8} {'q/rec':>7} {'ratio':>6} "
        f"{'ms':>9} {'ms/rec':>8}"
    )
    print(header)
    print("-" * len(header))
    base = {}
    failures = []
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        for name, n, result, capture in run_benchmark(
            env, ops_module, ops, sizes, args.show_queries
        ):
            if n == 1:
                base[name] = result.queries
            ratio = result.queries / base[name] if base.get(name) else float("nan")
            print(
                f"{name:<58} {n:>5} {result.queries:>8} {result.queries / n:>7.2f} "
                f"{ratio:>6.2f} {result.ms:>9.1f} {result.ms / n:>8.2f}",
                flush=True,
            )
            if capture and n == max(sizes):
                for text, count in capture.queries.most_common(8):
                    print(f"      {count:>6} x {text}")
            if n == args.check_size and ratio > args.threshold:
                failures.append((name, result.queries, base[name], ratio))
        cr.rollback()
    print()
    if args.check_size not in sizes:
        print(f"note: N={args.check_size} was not measured; no growth check was made.")
    if failures:
        for name, queries, queries_1, ratio in failures:
            print(
                f"FAILED: {name}: {queries} queries at N={args.check_size} against {queries_1} "
                f"at N=1 (ratio {ratio:.2f} > {args.threshold}): a query runs per record."
            )
        return 1
    if args.check_size in sizes:
        print(
            f"OK: no operation's query count grows with N (ratio at N={args.check_size} "
            f"<= {args.threshold})."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
