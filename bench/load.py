"""Lesson-page throughput and latency under gunicorn, and learners clicking Run, on this machine.

    SECRET_KEY=x .venv/bin/python bench/load.py [--duration 10] [--learners 20] [--runs 5]

Starts gunicorn (2 workers of 4 threads as in deploy/entrypoint.sh, production settings,
whitenoise serving collected static files) on a free loopback port and a Celery worker
(concurrency 2) on the bench broker, with their own SQLite file (var/bench.sqlite3,
migrated, course content synced); see bench/http_pipeline.py. Then:

1. lesson page: N client threads GET /learn/go/01-hello-go/ for --duration seconds at
   concurrency 1, 8 and 32, anonymous and logged in; requests/s, p50, p95, errors.
   Each thread keeps one HTTP/1.1 connection (gunicorn's threaded workers keep it alive).
2. discussion page: the same for a question on that lesson with 20 answers (code
   snippets, helpful-votes, an accepted answer), /discussion/questions/<id>/.
3. Run: --learners distinct accounts click Run on a fresh program (unique source, so no
   cache hits) --runs times each, pausing --think seconds (uniformly at random) between a
   result and the next click, as a person reading the output would; submissions/s, p50
   and p95 end to end (POST -> JSON state done, followed as the page does: the server
   holds each poll until the submission changes, or the page polls every 0.3 s), the
   queue wait (queued -> started, from the JSON), and how many clicks the per-learner
   rate limit refused.

The rate limit is the production default (GRADER_RUNS_PER_MINUTE 20), not the bench's
100000: with this pacing a learner clicks at most --runs times a minute, so it should
refuse none. Prints os.getloadavg() and the CPU count beside the figures.
"""

import argparse
import http.client
import os
import random
import signal
import statistics
import sys
import threading
import time
import urllib.error
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gocourse.settings")

import django  # noqa: E402

from bench import http_pipeline  # noqa: E402  (sets the environment before Django starts)

# Production settings, and the production rate limit (see the docstring).
http_pipeline.configure(DEBUG="0", GRADER_RUNS_PER_MINUTE="20")
django.setup()

LESSON_PATH = "/learn/go/01-hello-go/"
DISCUSSION_ANSWERS = 20
PASSWORD = "bench password 2026"
PROGRAM = """package main

import "fmt"

func main() {
	total := 0
	for i := 1; i <= %d; i++ {
		total += i * i
	}
	fmt.Println("sum of squares:", total)
}

// click %s
"""


def p50(samples: list[float]) -> float:
    return statistics.median(samples) if samples else float("nan")


def p95(samples: list[float]) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def machine() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


# --- Lesson pages -----------------------------------------------------------------------


def page_load(
    base_url: str, path: str, concurrency: int, duration: float, cookies: list[str | None]
) -> dict:
    """`concurrency` threads GET `path` until `duration` is over; latencies and errors."""
    address = urlsplit(base_url)
    stop_at = time.perf_counter() + duration
    lock = threading.Lock()
    latencies: list[float] = []
    errors: dict[str, int] = {}

    def client(index: int) -> None:
        headers = {"Connection": "keep-alive"}
        cookie = cookies[index % len(cookies)]
        if cookie:
            headers["Cookie"] = cookie
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
        mine: list[float] = []
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                body = response.read()
                if response.status != 200 or b"</html>" not in body:
                    raise RuntimeError(f"HTTP {response.status}")
                if cookie and b"Log out" not in body and b"logout" not in body:
                    raise RuntimeError("not logged in")
            except Exception as error:  # counted, and the connection is reopened
                connection.close()
                with lock:
                    key = str(error)[:60] or type(error).__name__
                    errors[key] = errors.get(key, 0) + 1
                continue
            mine.append((time.perf_counter() - started) * 1000)
        connection.close()
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {"rps": len(latencies) / elapsed, "latencies": latencies, "errors": errors}


def report_pages(name: str, concurrency: int, figures: dict) -> None:
    latencies, errors = figures["latencies"], figures["errors"]
    detail = f" {errors}" if errors else ""
    print(
        f"{name:<10} c={concurrency:<3} {figures['rps']:7.1f} req/s   p50 {p50(latencies):7.1f} ms"
        f"   p95 {p95(latencies):7.1f} ms   n={len(latencies):<5} errors {sum(errors.values())}"
        f"{detail}   ({machine()})"
    )


# --- Discussion pages -------------------------------------------------------------------


def seed_discussion(usernames: list[str]) -> str:
    """A question on the bench lesson with DISCUSSION_ANSWERS answers: its page's path.

    The answers are stored directly (the posting limit is not what this measures), then
    the thread's figures are derived as posting does."""
    from django.contrib.auth.models import User

    from courses.models import Lesson
    from discussions import posting
    from discussions.models import Post, Vote

    users = list(User.objects.filter(username__in=usernames).order_by("pk"))
    lesson = Lesson.objects.get(course__slug="go", slug=LESSON_PATH.split("/")[3])
    section = lesson.toc[0]
    question = {
        "section": section["anchor"],
        "title": "Why does this example print its words with spaces?",
        "body": "I expected `ab`. What did I miss?",
        "code": 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("a", "b")\n}',
    }
    thread = posting.ask(users[0], lesson, question, section["text"])
    answers = Post.objects.bulk_create(
        Post(
            thread=thread,
            author=users[n % len(users)],
            body=f"Answer {n}: `Println` puts a **space** between operands, see "
            "[fmt](https://pkg.go.dev/fmt).",
            code="package main\n\nfunc main() {}" if n % 2 else "",
        )
        for n in range(DISCUSSION_ANSWERS)
    )
    Vote.objects.bulk_create(
        Vote(post=answer, user=user) for answer in answers[:5] for user in users[:3]
    )
    posting.refresh_thread(thread)
    posting.accept(thread, answers[0])
    return thread.get_absolute_url()


# --- Learners clicking Run --------------------------------------------------------------


def _seconds(start: str | None, end: str | None) -> float | None:
    if not start or not end:
        return None
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def click_run(learner: http_pipeline.Learner) -> dict:
    source = PROGRAM % (random.randint(10, 1000), uuid.uuid4().hex)
    started = time.perf_counter()
    state = learner.run({"main.go": source}, timeout=120)
    elapsed = (time.perf_counter() - started) * 1000
    if state["status"] != "ok":
        raise RuntimeError(f"status {state['status']}: {str(state['result'])[:200]}")
    if state["result"].get("cached"):
        raise RuntimeError("a fresh program hit the cache")
    return {
        "ms": elapsed,
        "queue_s": _seconds(state["queued_at"], state["started_at"]),
        "compile_ms": state["compile_ms"],
        "run_ms": state["run_ms"],
    }


def learners_clicking_run(
    learners: list[http_pipeline.Learner], runs: int, think: tuple[float, float]
) -> dict:
    rng = random.Random(2026)
    pauses = [[rng.uniform(*think) for _ in range(runs)] for _ in learners]
    stagger = [rng.uniform(0, think[0]) for _ in learners]

    def learner_loop(index: int) -> dict:
        learner, out = learners[index], {"clicks": [], "limited": 0, "errors": []}
        time.sleep(stagger[index])  # learners do not all click in the same instant
        for pause in pauses[index]:
            try:
                out["clicks"].append(click_run(learner))
            except urllib.error.HTTPError as error:
                if error.code == 429:
                    out["limited"] += 1
                else:
                    out["errors"].append(f"HTTP {error.code}")
            except Exception as error:
                out["errors"].append(str(error)[:120])
            time.sleep(pause)
        return out

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(learners)) as pool:
        results = list(pool.map(learner_loop, range(len(learners))))
    clicks = [click for result in results for click in result["clicks"]]
    # The clock stops at the last result, not after the last learner's final pause.
    last_pause = max(p[-1] for p in pauses)
    elapsed = time.perf_counter() - started - last_pause
    return {
        "clicks": clicks,
        "elapsed": elapsed,
        "limited": sum(result["limited"] for result in results),
        "errors": [error for result in results for error in result["errors"]],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per page scenario")
    parser.add_argument("--concurrency", default="1,8,32", help="page clients (comma-separated)")
    parser.add_argument("--learners", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5, help="clicks on Run per learner")
    parser.add_argument("--think", default="2,6", help="seconds between a result and a click")
    args = parser.parse_args()
    # A plain SIGTERM would leave gunicorn and the worker running: unwind instead.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    concurrencies = [int(c) for c in args.concurrency.split(",")]
    think = tuple(float(s) for s in args.think.split(","))

    from django.conf import settings
    from django.contrib.auth.models import User

    print(f"gocourse load bench: {machine()}")
    with http_pipeline.gunicorn_platform(workers=2, worker_concurrency=2) as base_url:
        print(
            f"gunicorn -w 2 --threads 4 at {base_url}, Celery worker --concurrency=2, "
            f"GRADER_RUNS_PER_MINUTE {os.environ['GRADER_RUNS_PER_MINUTE']}, "
            f"sandbox pool {settings.SANDBOX_POOL_SIZE}, "
            f"runtime {settings.SANDBOX_RUNTIME or 'runc'}"
        )
        # One password hash for all: hashing 20 times would only slow the set-up.
        User.objects.create_user("learner0", password=PASSWORD)
        digest = User.objects.get(username="learner0").password
        User.objects.bulk_create(
            User(username=f"learner{i}", password=digest) for i in range(1, args.learners)
        )
        with ThreadPoolExecutor(max_workers=4) as pool:
            learners = list(
                pool.map(
                    lambda i: http_pipeline.Learner(base_url, f"learner{i}", PASSWORD),
                    range(args.learners),
                )
            )
        sessions = [f"sessionid={learner.cookie('sessionid')}" for learner in learners]

        print()
        print(f"lesson page {LESSON_PATH}, {args.duration:.0f} s per row")
        page_load(base_url, LESSON_PATH, 2, 2.0, [None, *sessions])  # warm both workers
        for name, cookies in (("anonymous", [None]), ("logged in", sessions)):
            for concurrency in concurrencies:
                figures = page_load(base_url, LESSON_PATH, concurrency, args.duration, cookies)
                report_pages(name, concurrency, figures)

        thread_path = seed_discussion([f"learner{i}" for i in range(args.learners)])
        print()
        print(
            f"discussion page {thread_path} ({DISCUSSION_ANSWERS} answers), "
            f"{args.duration:.0f} s per row"
        )
        page_load(base_url, thread_path, 2, 2.0, [None, *sessions])
        for name, cookies in (("anonymous", [None]), ("logged in", sessions)):
            for concurrency in concurrencies:
                figures = page_load(base_url, thread_path, concurrency, args.duration, cookies)
                report_pages(name, concurrency, figures)

        print()
        print(
            f"{args.learners} learners clicking Run on a fresh program, {args.runs} times each, "
            f"{think[0]:g}-{think[1]:g} s between a result and the next click"
        )
        # Fill the warm pools of both worker processes so the first clicks are not cold.
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(click_run, learners[-2:]))
        time.sleep(3)
        load_before = machine()
        outcome = learners_clicking_run(learners, args.runs, think)
        clicks = outcome["clicks"]
        latencies = [click["ms"] for click in clicks]
        queue = [click["queue_s"] * 1000 for click in clicks if click["queue_s"] is not None]
        compile_ms = [click["compile_ms"] for click in clicks if click["compile_ms"] is not None]
        run_ms = [click["run_ms"] for click in clicks if click["run_ms"] is not None]
        print(
            f"{len(clicks)} submissions in {outcome['elapsed']:.1f} s: "
            f"{len(clicks) / outcome['elapsed']:.2f} submissions/s"
        )
        for label, samples in (
            ("end to end (POST -> done)", latencies),
            ("queue wait (queued -> started)", queue),
            ("sandbox compile", compile_ms),
            ("sandbox run", run_ms),
        ):
            print(f"{label:<31} p50 {p50(samples):7.0f} ms   p95 {p95(samples):7.0f} ms")
        print(
            f"rate-limited (HTTP 429): {outcome['limited']}   other errors: "
            f"{len(outcome['errors'])} {outcome['errors'][:3] if outcome['errors'] else ''}"
        )
        print(f"machine: before {load_before}; after {machine()}")


if __name__ == "__main__":
    main()
