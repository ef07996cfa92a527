"""A classroom clicking Run at about the same time while one more account floods Runs.

    SECRET_KEY=x .venv/bin/python bench/classroom.py [--learners 40] [--window 10]
        [--flood-seconds S] [--database sqlite|postgres|both] [--worker-concurrency N]
        [--race] [--same-program]

Starts the platform as bench/load.py does (see bench/http_pipeline.py): gunicorn with
production settings (DEBUG off, the production rate limit GRADER_RUNS_PER_MINUTE 20),
GUNICORN_WORKERS (3 unless set, as deploy/entrypoint.sh) processes of 4 threads, and a
Celery worker with --worker-concurrency (twice the cores, as scripts/run.sh), on the
bench's own Redis database and its own SQLite file, or a PostgreSQL database:

    BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:54329/postgres

points at a server on which the bench creates, and afterwards drops, the database
`gocourse_classroom_bench`. That URL is the private cluster scripts/test.sh starts
(`ensure_postgres` in scripts/services.sh); to start only the cluster:
`bash -c 'source scripts/bootstrap.sh; source scripts/services.sh; ensure_postgres'`.
--database is `both` (SQLite, then PostgreSQL, each in a process of its own) when
BENCH_POSTGRES_URL is set, else `sqlite`.

Then, after two warm-up Runs:

- --learners accounts each click Run once on a fresh program (unique source: no result
  cache hit), at a moment drawn at random within --window seconds, and follow it as the
  page does (the JSON state, held by the server until it changes, or polled every 0.3 s
  when no waiting slot is free) until the output is shown (state "done").
  With --race they click "Run with -race" on lesson 11's racy counter instead (a
  program with a data race, built with the race detector: the verdict expected is
  data_race, the slowest Run a lesson offers). With --same-program they all run the
  same unchanged example, as a class told "now run it" does: a plain Run on the virtual
  clock is then answered from the result cache, a race Run from a shared build.
- one more account floods from the moment the window opens: it POSTs Run with a program
  that spins the CPU for 4 s, each POST right after the answer to the previous one, and
  on 429 waits 0.2 s and goes on; for --flood-seconds, or until the learners are done.
  Each of its Runs replaces the one it still has in flight (superseded while waiting,
  stopped while running: the server's per-learner fairness, grader/admission.py).

Prints, for the learners: p50 / p95 / max seconds from the click to the output shown,
how many ended with an error or a verdict other than ok, and where the time went
(click -> queued, queued -> started, started -> finished, finished -> shown, from the
JSON's queued_at / started_at / finished_at and this machine's clock; then the go vet
that still holds the worker slot after the output is shown, from the result's
timings), compile and run times, and the queue position and estimated start of their
first answer; for the flooder: Runs accepted (202), superseded or stopped, refused
(429); how many worker slot-seconds there were until the last output and how many the
learners' and the flooder's Runs took; the 5xx answers anyone got (expected: none)
and the server's log lines other than refusals; the CPU count and load average; and
whether the target (p95 <= 8 s, no errors) was met.
"""

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from datetime import datetime
from pathlib import Path
from typing import IO

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gocourse.settings")

from bench import http_pipeline  # noqa: E402  (sets the environment before Django starts)

POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "")
POSTGRES_DB = "gocourse_classroom_bench"
PASSWORD = "bench password 2026"
TARGET_P95_SECONDS = 8.0
SPIN = """package main

import (
	"fmt"
	"time"
)

func main() {
	start := time.Now()
	for time.Since(start) < 4*time.Second {
	}
	fmt.Println("spun for", time.Since(start))
}

// flood %s
"""


def _epoch(stamp: str | None) -> float | None:
    return datetime.fromisoformat(stamp).timestamp() if stamp else None


class Tally:
    """Counts shared by the client threads: 5xx answers and other failures."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.server_errors = 0
        self.failures: Counter[str] = Counter()

    def failed(self, error: Exception) -> None:
        with self.lock:
            if isinstance(error, urllib.error.HTTPError) and error.code >= 500:
                self.server_errors += 1
            name = f"HTTP {error.code}" if isinstance(error, urllib.error.HTTPError) else error
            self.failures[str(name)[:80]] += 1


# --- The class --------------------------------------------------------------------------


RACY_PROGRAM = """package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	count := 0
	for range %d {
		wg.Go(func() { count++ })
	}
	wg.Wait()
	fmt.Println("count:", count)
}

// click %s
"""


def click_and_follow(
    learner: http_pipeline.Learner,
    delay: float,
    tally: Tally,
    shown: threading.Semaphore,
    race: bool = False,
    same: bool = False,
) -> dict:
    """Wait `delay` seconds, click Run (or Run with -race) on a fresh program and follow
    it until done (the output is shown: release `shown`), then, as the page does, until
    go vet's findings are in."""
    from bench.load import PROGRAM

    time.sleep(delay)
    program = RACY_PROGRAM if race else PROGRAM
    # The unchanged example, or a fresh program (no cache of any kind helps).
    source = program % ((100, "the example") if same else (random.randint(10, 1000), uuid.uuid4()))
    seen: list[dict] = []
    clicked_at, started = time.time(), time.perf_counter()
    try:
        submission_id = learner.submit({"main.go": source}, race=race)
        state = learner.follow(submission_id, timeout=120, on_state=seen.append)
    except Exception as error:
        tally.failed(error)
        return {"error": str(error)[:120]}
    finally:
        shown.release()
    click = {
        "seconds": time.perf_counter() - started,
        "shown_at": time.time(),
        "clicked_at": clicked_at,
        "first": seen[0],
        "state": state,
        "final": state,
    }
    try:
        click["final"] = learner.follow(submission_id, timeout=60, wait_for_vet=True)
    except Exception as error:
        tally.failed(error)
    return click


def _total_seconds(state: dict) -> float:
    """The sandbox's own time for a result: up to the output, or with go vet when final."""
    return ((state["result"] or {}).get("timings") or {}).get("total_ms", 0) / 1000


def where_time_goes(clicks: list[dict]) -> dict[str, list[float]]:
    """Seconds per stage of each click, from the JSON's times and this machine's clock."""
    stages: dict[str, list[float]] = {
        "click -> queued (POST)": [],
        "queued -> started (queue wait)": [],
        "started -> finished (sandbox)": [],
        "finished -> shown (following)": [],
    }
    for click in clicks:
        state = click["state"]
        marks = [
            click["clicked_at"],
            _epoch(state["queued_at"]),
            _epoch(state["started_at"]),
            _epoch(state["finished_at"]),
            click["shown_at"],
        ]
        for name, start, end in zip(stages, marks, marks[1:], strict=False):
            if start is not None and end is not None:
                stages[name].append(end - start)
    return stages


# --- The flooder ------------------------------------------------------------------------


def flood(learner: http_pipeline.Learner, stop: threading.Event, tally: Tally) -> dict:
    """POST spinning Runs back to back until `stop`; back off 0.2 s after a refusal."""
    accepted: list[str] = []
    refused = 0
    while not stop.is_set():
        try:
            accepted.append(learner.submit({"main.go": SPIN % uuid.uuid4().hex}))
        except urllib.error.HTTPError as error:
            if error.code == 429:
                refused += 1
            else:
                tally.failed(error)
            stop.wait(0.2)
        except Exception as error:
            tally.failed(error)
            stop.wait(0.2)
    return {"accepted": accepted, "refused": refused}


def flood_outcome(learner: http_pipeline.Learner, accepted: list[str], tally: Tally) -> dict:
    """Wait for the flooder's last Run, then read how each of its Runs ended (in order)
    and how long they held a worker slot."""
    from bench.load import _seconds

    endings: list[str] = []
    held = 0.0
    try:
        if accepted:
            learner.follow(accepted[-1], timeout=120)
        for submission_id in accepted:
            state = learner.state(submission_id)
            endings.append(state["status"] or state["state"])
            held += _seconds(state["started_at"], state["finished_at"]) or 0.0
    except Exception as error:
        tally.failed(error)
    return {"endings": endings, "held": held}


# --- One run of the scenario ------------------------------------------------------------


@contextmanager
def postgres_database():
    """Point this process and its children at a new database on BENCH_POSTGRES_URL's
    server (before django.setup()); drop it afterwards."""
    import psycopg

    def server(statement: str) -> None:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
            connection.execute(statement)

    server(f"DROP DATABASE IF EXISTS {POSTGRES_DB} WITH (FORCE)")
    server(f"CREATE DATABASE {POSTGRES_DB}")
    http_pipeline.configure(DATABASE_URL=POSTGRES_URL.rsplit("/", 1)[0] + f"/{POSTGRES_DB}")
    try:
        yield
    finally:
        from django.db import connections

        connections.close_all()
        server(f"DROP DATABASE IF EXISTS {POSTGRES_DB} WITH (FORCE)")


def make_accounts(base_url: str, names: list[str]) -> list[http_pipeline.Learner]:
    from django.contrib.auth.models import User

    # One password hash for all: hashing it per account would only slow the set-up.
    digest = User.objects.create_user(names[0], password=PASSWORD).password
    User.objects.bulk_create(User(username=name, password=digest) for name in names[1:])
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda n: http_pipeline.Learner(base_url, n, PASSWORD), names))


def classroom(args: argparse.Namespace, tally: Tally, server_log: IO) -> dict:
    from bench.load import click_run, machine

    web_workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
    with http_pipeline.gunicorn_platform(
        workers=web_workers,
        worker_concurrency=args.worker_concurrency,
        content=False,
        server_log=server_log,
    ) as base_url:
        from django.conf import settings
        from django.db import connection

        print(f"gocourse classroom bench: {machine()}")
        print(
            f"{connection.vendor}: gunicorn -w {web_workers} --threads 4, Celery worker "
            f"--concurrency={args.worker_concurrency}, GRADER_RUNS_PER_MINUTE "
            f"{settings.GRADER_RUNS_PER_MINUTE}, GRADER_WAIT_SLOTS {settings.GRADER_WAIT_SLOTS} "
            f"per web process, sandbox pool {settings.SANDBOX_POOL_SIZE}, "
            f"runtime {settings.SANDBOX_RUNTIME or 'runc'}"
        )
        names = [f"learner{i}" for i in range(args.learners)]
        *learners, flooder = make_accounts(base_url, [*names, "flooder"])
        # Fill the warm pools of the worker's processes so the first clicks are not cold.
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(click_run, learners[-2:]))
        time.sleep(3)
        load_before = machine()

        rng = random.Random(2026)
        delays = [rng.uniform(0, args.window) for _ in learners]
        stop = threading.Event()
        if args.flood_seconds is not None:
            timer = threading.Timer(args.flood_seconds, stop.set)
            timer.daemon = True
            timer.start()
        shown = threading.Semaphore(0)
        with ThreadPoolExecutor(max_workers=len(learners) + 1) as pool:
            flooding = pool.submit(flood, flooder, stop, tally)
            opened = time.perf_counter()
            following = [
                pool.submit(
                    click_and_follow, learner, delay, tally, shown, args.race, args.same_program
                )
                for learner, delay in zip(learners, delays, strict=True)
            ]
            for _ in following:
                shown.acquire()
            class_seconds = time.perf_counter() - opened
            if args.flood_seconds is None:
                stop.set()
            clicks = [each.result() for each in following]
            flooded = flooding.result()
        flood_seconds = time.perf_counter() - opened
        load_after = machine()
        outcome = flood_outcome(flooder, flooded["accepted"], tally)
    return {
        "clicks": clicks,
        "class_seconds": class_seconds,
        "flood_seconds": flood_seconds,
        "flooded": flooded,
        **outcome,
        "load": (load_before, load_after),
    }


# --- Figures ----------------------------------------------------------------------------


def report(args: argparse.Namespace, figures: dict, tally: Tally) -> None:
    from bench.load import _seconds, p50, p95

    def spread(samples: list[float]) -> str:
        if not samples:
            return "p50     -    p95     -    max     -"
        return f"p50 {p50(samples):5.2f} s   p95 {p95(samples):5.2f} s   max {max(samples):5.2f} s"

    clicks = [click for click in figures["clicks"] if "error" not in click]
    errors = [click["error"] for click in figures["clicks"] if "error" in click]
    not_ok = Counter(click["state"]["status"] for click in clicks)
    not_ok.pop("data_race" if args.race else "ok", None)
    failed = len(errors) + sum(not_ok.values())
    seconds = [click["seconds"] for click in clicks]
    vet_after = [
        _total_seconds(click["final"]) - _total_seconds(click["state"]) for click in clicks
    ]
    print(
        f"{len(figures['clicks'])} learners, one Run{' with -race' if args.race else ''} each "
        f"within {args.window:g} s, all shown "
        f"after {figures['class_seconds']:.1f} s"
    )
    print(f"  click -> output shown          {spread(seconds)}   (n={len(seconds)})")
    stages = {**where_time_goes(clicks), "then go vet, holding the slot": vet_after}
    for stage, samples in stages.items():
        print(f"    {stage:<30} {spread(samples)}")
    compile_ms = [click["state"]["compile_ms"] or 0 for click in clicks]
    run_ms = [click["state"]["run_ms"] or 0 for click in clicks]
    print(
        f"  in the sandbox: compile p50 {p50(compile_ms):.0f} ms p95 {p95(compile_ms):.0f} ms, "
        f"run p50 {p50(run_ms):.0f} ms p95 {p95(run_ms):.0f} ms"
    )
    positions = [click["first"]["queue_position"] or 0 for click in clicks]
    estimates = [click["first"]["estimated_start_seconds"] or 0 for click in clicks]
    print(
        f"  first answer: queue_position p50 {p50(positions):.0f} max {max(positions, default=0)}"
        f", estimated_start_seconds p50 {p50(estimates):.0f} max {max(estimates, default=0)}"
    )
    detail = f" {dict(not_ok)} {errors[:3]}" if failed else ""
    expected = "data_race" if args.race else "ok"
    print(f"  error or verdict other than {expected}: {failed}{detail}")

    flooded, endings = figures["flooded"], figures["endings"]
    ended = Counter(endings)
    # Every Run but the last was replaced by the next one: ending otherwise means it ran on.
    ran_on = sum(1 for ending in endings[:-1] if ending not in ("superseded", "stopped"))
    print(
        f"flooder over {figures['flood_seconds']:.1f} s: accepted (202) "
        f"{len(flooded['accepted'])}, superseded {ended['superseded'] + ended['stopped']} "
        f"(superseded {ended['superseded']}, stopped {ended['stopped']}), refused (429) "
        f"{flooded['refused']}; endings {dict(ended)}, replaced but ran to the end {ran_on}"
    )
    in_sandbox = sum(
        (_seconds(click["state"]["started_at"], click["state"]["finished_at"]) or 0.0) + vet
        for click, vet in zip(clicks, vet_after, strict=True)
    )
    slots = args.worker_concurrency * figures["class_seconds"]
    print(
        f"worker slots until the last learner's output: {slots:.0f} slot-seconds "
        f"({args.worker_concurrency} x {figures['class_seconds']:.1f} s); busy with the "
        f"learners' Runs {in_sandbox:.1f} s (with go vet), the flooder's {figures['held']:.1f} s"
    )
    other_failures = {
        name: n for name, n in tally.failures.items() if not name.startswith("HTTP 5")
    }
    print(f"5xx answers (anyone): {tally.server_errors}   other failures: {other_failures or 0}")
    print(f"machine: before {figures['load'][0]}; after {figures['load'][1]}")
    met = bool(seconds) and p95(seconds) <= TARGET_P95_SECONDS and failed == 0
    print(
        f"target p95 <= {TARGET_P95_SECONDS:g} s and no errors: {'met' if met else 'MISSED'}"
        f"{'' if tally.server_errors == 0 else ' (and 5xx answers)'}"
    )


def report_server_log(server_log: IO) -> None:
    server_log.seek(0)
    lines = server_log.read().splitlines()
    refusals = sum(1 for line in lines if line.startswith("Too Many Requests:"))
    others = [line for line in lines if not line.startswith("Too Many Requests:")]
    print(f"server log: {refusals} refusals logged, {len(others)} other lines")
    for line in others[:20]:
        print(f"  | {line}")


def run_one(args: argparse.Namespace) -> None:
    import django

    # Production settings and the production rate limit, as bench/load.py.
    http_pipeline.configure(DEBUG="0", GRADER_RUNS_PER_MINUTE="20")
    tally = Tally()
    if args.database == "postgres" and not POSTGRES_URL:
        raise SystemExit("--database postgres needs BENCH_POSTGRES_URL (see the docstring)")
    # The server's log is read afterwards: each refused flood click logs a warning.
    with tempfile.TemporaryFile("w+") as server_log:
        with postgres_database() if args.database == "postgres" else nullcontext():
            django.setup()
            figures = classroom(args, tally, server_log)
        report(args, figures, tally)
        report_server_log(server_log)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=40)
    parser.add_argument("--window", type=float, default=10.0, help="seconds the clicks spread over")
    parser.add_argument(
        "--flood-seconds",
        type=float,
        help="how long the flood lasts (default: until every learner's output is shown)",
    )
    parser.add_argument(
        "--database",
        choices=("sqlite", "postgres", "both"),
        default="both" if POSTGRES_URL else "sqlite",
    )
    # What scripts/run.sh (and deploy/entrypoint.sh by default) gives the Celery worker.
    parser.add_argument("--worker-concurrency", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--race", action="store_true", help="Run with -race on a racy program")
    parser.add_argument(
        "--same-program",
        action="store_true",
        help="everyone runs the lesson's unchanged example (a fresh program each otherwise)",
    )
    args = parser.parse_args()
    # A plain SIGTERM would leave gunicorn and the worker running: unwind instead.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.database != "both":
        run_one(args)
        return
    # Django's settings are read once per process: one process per database.
    for database in ("sqlite", "postgres"):
        print()
        command = [sys.executable, __file__, *sys.argv[1:], "--database", database]
        subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
