"""Latency and throughput of the sandbox, against bare `go` on the host.

    SECRET_KEY=x .venv/bin/python bench/run_latency.py [-n 10] [--gap 0.5]

Prints p50/p95 (milliseconds) per scenario, then the ratios. Each scenario is one
function returning its samples, so the end-to-end HTTP scenarios can join them later.
Sources carry a unique comment per run, so only the "cached" scenario hits the cache.
`--gap` pauses between sequential runs, as between real submissions, so the warm pool
(SANDBOX_POOL_SIZE) has refilled; the throughput scenario has no pause.

Throughput is measured twice in the same process, on fresh hello worlds with
`--concurrency` in flight: as a worker runs them (SANDBOX_BUILD_PLACEMENT, go vet after
the output and off the worker's hands, skipped when the CPU is short) and, as the
baseline, the way the first round ran them (built in a container of their own, go vet
always, the caller waiting for it; the agent's fast build of standard-library programs
helps both). Then the time from the start of a 200 MB output flood to the
moment the caller is free again, against a hello world's. Then runs with the race
detector (built in the race image, run in the plain one) against plain runs of the same
programs (`--race-only` measures just those), and runs on the virtual clock against the
real one, with the fast build and with go build (`--virtual-only`).
"""

import argparse
import atexit
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gocourse.settings")

import django  # noqa: E402

from bench import http_pipeline  # noqa: E402  (sets the environment before Django starts)

django.setup()

from grader import sandbox  # noqa: E402
from grader.results import Mode, Status  # noqa: E402
from grader.run_options import PLAIN, RunOptions  # noqa: E402
from grader.sandbox import image as sandbox_image  # noqa: E402
from grader.sandbox import run as sandbox_run  # noqa: E402

HELLO = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hello, world")\n}\n'
EXERCISE = (
    "package greet\n\n"
    'func Hello(name string) string { return "Hello, " + name + "!" }\n\n'
    "func Add(a, b int) int { return a + b }\n"
)
EXERCISE_TESTS = (
    'package greet\n\nimport "testing"\n\n'
    "func TestHello(t *testing.T) {\n"
    '\tif got := Hello("Go"); got != "Hello, Go!" {\n\t\tt.Fatalf("got %q", got)\n\t}\n}\n\n'
    "func TestAdd(t *testing.T) {\n"
    "\tfor _, c := range []struct{ a, b, want int }{{1, 1, 2}, {2, 3, 5}} {\n"
    '\t\tif got := Add(c.a, c.b); got != c.want {\n\t\t\tt.Errorf("Add = %d", got)\n\t\t}\n'
    "\t}\n}\n"
)


def unique(source: str) -> str:
    return f"{source}\n// run {uuid.uuid4().hex}\n"


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def expect(result: sandbox.SandboxResult, status: Status = Status.OK) -> None:
    if result.status != status:
        raise SystemExit(f"unexpected sandbox result: {result.status}: {result.message}")


# Each scenario returns a function that takes one sample (milliseconds); setup that is
# not part of a sample (warming a host cache, a first run to fill the cache) happens here.


def fresh_files(mode: Mode) -> tuple[dict[str, str], dict[str, str]]:
    """The learner's files and the hidden tests of one sample, never seen by the cache."""
    if mode == "test":
        return {"greet.go": unique(EXERCISE)}, {"greet_test.go": EXERCISE_TESTS}
    return {"main.go": unique(HELLO)}, {}


def sandbox_fresh(mode: Mode, placement: str) -> Callable[[], float]:
    def once() -> None:
        files, hidden = fresh_files(mode)
        expect(sandbox.run_program(files, mode, hidden_files=hidden, placement=placement))

    return lambda: timed(once)


def sandbox_output_first(mode: Mode) -> Callable[[], float]:
    """Until `on_output` has the result, before go vet answers (separate placement)."""

    def sample() -> float:
        files, hidden = fresh_files(mode)
        seen: list[float] = []
        started = time.perf_counter()
        result = sandbox.run_program(
            files,
            mode,
            hidden_files=hidden,
            placement="separate",
            on_output=lambda _: seen.append(time.perf_counter()),
        )
        expect(result)
        return (seen[0] - started) * 1000

    return sample


RACY = (
    'package main\n\nimport (\n\t"fmt"\n\t"sync"\n)\n\nfunc main() {\n\tcount := 0\n'
    "\tvar wg sync.WaitGroup\n\tfor range 2 {\n\t\twg.Go(func() { count++ })\n\t}\n"
    "\twg.Wait()\n\tfmt.Println(count)\n}\n"
)


def sandbox_with(
    source: str, options: RunOptions, status: Status, go_mod: str | None = None
) -> Callable[[], float]:
    """Until the output is there (before go vet), as the learner waits for it. A `go_mod`
    with a toolchain line sends the program through go build instead of the fast build."""

    def sample() -> float:
        seen: list[float] = []
        started = time.perf_counter()
        files = {"main.go": unique(source)} | ({"go.mod": go_mod} if go_mod else {})
        result = sandbox.run_program(
            files,
            on_output=lambda _: seen.append(time.perf_counter()),
            options=options,
        )
        expect(result, status)
        return ((seen[0] if seen else time.perf_counter()) - started) * 1000

    return sample


def race_section(n: int, gap: float) -> None:
    racy_plain = Status.OK  # without -race the racy counter just prints
    figures = measure(
        {
            "hello, plain": sandbox_with(HELLO, PLAIN, Status.OK),
            "hello, -race": sandbox_with(HELLO, RunOptions(race=True), Status.OK),
            "racy counter, plain": sandbox_with(RACY, PLAIN, racy_plain),
            "racy counter, -race": sandbox_with(RACY, RunOptions(race=True), Status.DATA_RACE),
        },
        n,
        gap,
    )
    for name, samples in figures.items():
        report(f"sandbox {name} (output)", samples)
    hello = p50(figures["hello, -race"]) / p50(figures["hello, plain"])
    racy = p50(figures["racy counter, -race"]) / p50(figures["racy counter, plain"])
    print(f"p50 ratio, -race against plain: hello {hello:.2f}x, racy counter {racy:.2f}x")


SLEEPS_AN_HOUR = (
    'package main\n\nimport (\n\t"fmt"\n\t"time"\n)\n\n'
    'func main() {\n\ttime.Sleep(time.Hour)\n\tfmt.Println("an hour later")\n}\n'
)
GO_BUILD_MOD = "module sandbox\n\ngo 1.27\n\ntoolchain go1.27.3\n"  # not the fast build


def virtual_time_section(n: int, gap: float) -> None:
    virtual = RunOptions(virtual_time=True)
    figures = measure(
        {
            "hello, real clock": sandbox_with(HELLO, PLAIN, Status.OK),
            "hello, virtual clock": sandbox_with(HELLO, virtual, Status.OK),
            "hello, real clock, go build": sandbox_with(HELLO, PLAIN, Status.OK, GO_BUILD_MOD),
            "hello, virtual clock, go build": sandbox_with(HELLO, virtual, Status.OK, GO_BUILD_MOD),
            "an hour's sleep, virtual clock": sandbox_with(SLEEPS_AN_HOUR, virtual, Status.OK),
        },
        n,
        gap,
    )
    for name, samples in figures.items():
        report(f"sandbox {name} (output)", samples)
    plain, fake = p50(figures["hello, real clock"]), p50(figures["hello, virtual clock"])
    fast = p50(figures["hello, virtual clock, go build"]) / fake
    print(
        f"p50 ratio, virtual against real clock: hello {fake / plain:.2f}x; "
        f"go build against the fast build, virtual clock: {fast:.2f}x"
    )


def sandbox_cached() -> Callable[[], float]:
    files = {"main.go": unique(HELLO)}
    expect(sandbox.run_program(files))

    def once() -> None:
        if not sandbox.run_program(files).cached:
            raise SystemExit("the cached scenario missed the cache")

    return lambda: timed(once)


def _host(work: Path, *command: str) -> None:
    env = sandbox_image.go_env()
    env["GOFLAGS"] = "-buildvcs=false -trimpath"
    subprocess.run(command, cwd=work, env=env, check=True, capture_output=True)


def _host_module(files: dict[str, str]) -> Path:
    work = Path(tempfile.mkdtemp(prefix="bench-host-"))
    atexit.register(shutil.rmtree, work, True)
    (work / "go.mod").write_text("module sandbox\n\ngo 1.27\n")
    for name, text in files.items():
        (work / name).write_text(text)
    return work


def host_build_and_run() -> Callable[[], float]:
    """Bare `go build` + run on the host, with the flags the sandbox uses."""
    go = str(sandbox_image.go_binary())
    work = _host_module({})

    def once() -> None:
        (work / "main.go").write_text(unique(HELLO))
        _host(work, go, "build", "-o", "prog", "-ldflags=-s -w", ".")
        _host(work, "./prog")

    once()  # the host build cache may be cold
    return lambda: timed(once)


def host_test() -> Callable[[], float]:
    go = str(sandbox_image.go_binary())
    work = _host_module({"greet_test.go": EXERCISE_TESTS})

    def once() -> None:
        (work / "greet.go").write_text(unique(EXERCISE))
        _host(work, go, "test", "-json", "-count=1", ".")

    once()
    return lambda: timed(once)


def http_hello(learner: http_pipeline.Learner, wait_for_vet: bool = False) -> Callable[[], float]:
    def once() -> None:
        _expect_http(learner.run({"main.go": unique(HELLO)}, wait_for_vet=wait_for_vet), "ok")

    return lambda: timed(once)


def http_test(learner: http_pipeline.Learner, exercise_id: int) -> Callable[[], float]:
    def sample() -> float:
        files = {"greet.go": unique(EXERCISE)}
        return timed(lambda: _expect_http(learner.run(files, exercise_id=exercise_id), "ok"))

    return sample


def http_cached(learner: http_pipeline.Learner) -> Callable[[], float]:
    source = unique(HELLO)
    learner.run({"main.go": source})
    return lambda: timed(lambda: _expect_http(learner.run({"main.go": source}), "ok"))


def _expect_http(state: dict, status: str) -> None:
    if state["status"] != status:
        raise RuntimeError(f"expected {status}, got {state['status']}: {state['result']}")


def http_throughput(
    learners: list[http_pipeline.Learner], per_learner: int
) -> tuple[float, list[float]]:
    """Submissions per second with every learner clicking Run in a loop, and latencies."""

    def learner_loop(learner: http_pipeline.Learner) -> list[float]:
        return [http_hello(learner)() for _ in range(per_learner)]

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(learners)) as pool:
        latencies = [ms for batch in pool.map(learner_loop, learners) for ms in batch]
    return len(latencies) / (time.perf_counter() - started), latencies


def throughput(total: int, concurrency: int, as_worker: bool) -> tuple[float, list[float], int]:
    """Runs per second with `concurrency` in flight, their latencies, and how many
    skipped go vet. `as_worker`: as grader.submissions runs them; else the baseline."""
    skipped: list[bool] = []

    def once(_: int) -> float:
        files = {"main.go": unique(HELLO)}
        if not as_worker:
            return timed(lambda: expect(sandbox.run_program(files, placement="separate")))
        result = sandbox.run_program(
            files,
            on_output=lambda _: None,
            vet_later=lambda final: skipped.append(final.vet_skipped),
        )
        expect(result)
        return result.timings.total_ms

    busy = sandbox_run.cpu_is_busy
    if not as_worker:
        sandbox_run.cpu_is_busy = lambda: False  # the first round always ran go vet
    try:
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            latencies = list(pool.map(once, range(total)))
        per_second = total / (time.perf_counter() - started)
    finally:
        sandbox_run.cpu_is_busy = busy
    time.sleep(sandbox_run.VET_GRACE_SECONDS + 10)  # go vet's threads finish
    return per_second, latencies, sum(skipped)


FLOOD = """package main

import (
	"bufio"
	"os"
	"strings"
)

func main() {
	w := bufio.NewWriter(os.Stdout)
	line := strings.Repeat("x", 1023) + "\\n"
	for i := 0; i < 200*1024; i++ {
		w.WriteString(line)
	}
	w.Flush()
}
"""


def sandbox_flood() -> Callable[[], float]:
    """Until run_program returns after an output flood's verdict (the worker is free)."""

    def once() -> None:
        expect(sandbox.run_program({"main.go": unique(FLOOD)}), Status.OUTPUT_LIMIT)

    return lambda: timed(once)


def measure(
    scenarios: dict[str, Callable[[], float]], n: int, gap: float
) -> dict[str, list[float]]:
    """n samples of each scenario, taken in turns so that a busy machine weighs on all alike."""
    samples: dict[str, list[float]] = {name: [] for name in scenarios}
    for _ in range(n):
        for name, sample in scenarios.items():
            time.sleep(gap)
            samples[name].append(sample())
    return samples


def p50(samples: list[float]) -> float:
    return statistics.median(samples)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(name: str, samples: list[float]) -> None:
    print(
        f"{name:<36} p50 {p50(samples):7.1f} ms   p95 {p95(samples):7.1f} ms   (n={len(samples)})"
    )


def warm_up(gap: float) -> None:
    """Fill the pools and let them settle, so the first sample is not a cold start."""
    for placement in ("separate", "inline"):
        sandbox.run_program({"main.go": unique(HELLO)}, placement=placement)
    time.sleep(max(gap, 2.0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10, help="runs per scenario (default 10)")
    parser.add_argument("--gap", type=float, default=1.5, help="seconds between sequential runs")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--race-only", action="store_true", help="only the -race scenarios")
    parser.add_argument(
        "--virtual-only", action="store_true", help="only the virtual clock scenarios"
    )
    args = parser.parse_args()

    settings = django.conf.settings
    print(
        f"pool size {settings.SANDBOX_POOL_SIZE}, build CPUs {settings.SANDBOX_BUILD_CPUS}, "
        f"run CPUs {settings.SANDBOX_CPUS}, gap {args.gap} s, {os.cpu_count()} CPUs, "
        f"load {os.getloadavg()[0]:.1f}"
    )
    warm_up(args.gap)
    if args.race_only or args.virtual_only:
        (race_section if args.race_only else virtual_time_section)(args.n, args.gap)
        sandbox.shutdown()
        return
    scenarios = {
        "sandbox hello, output (before vet)": sandbox_output_first("run"),
        "sandbox hello, build separate": sandbox_fresh("run", "separate"),
        "sandbox hello, build inline": sandbox_fresh("run", "inline"),
        "host go build + run": host_build_and_run(),
        "sandbox go test, output (before vet)": sandbox_output_first("test"),
        "sandbox go test, build separate": sandbox_fresh("test", "separate"),
        "sandbox go test, build inline": sandbox_fresh("test", "inline"),
        "host go test -json": host_test(),
        "sandbox hello, cached": sandbox_cached(),
    }
    figures = measure(scenarios, args.n, args.gap)
    for name, samples in figures.items():
        report(name, samples)

    host_run, host_go_test = p50(figures["host go build + run"]), p50(figures["host go test -json"])
    print()
    for placement in ("separate", "inline"):
        mark = " (chosen)" if placement == settings.SANDBOX_BUILD_PLACEMENT else ""
        run_ratio = p50(figures[f"sandbox hello, build {placement}"]) / host_run
        test_ratio = p50(figures[f"sandbox go test, build {placement}"]) / host_go_test
        print(
            f"p50 ratio, build {placement}{mark}: hello {run_ratio:.2f}x host, "
            f"go test {test_ratio:.2f}x host"
        )

    run_ratio = p50(figures["sandbox hello, output (before vet)"]) / host_run
    test_ratio = p50(figures["sandbox go test, output (before vet)"]) / host_go_test
    print(
        f"p50 ratio, output before vet: hello {run_ratio:.2f}x host, go test {test_ratio:.2f}x host"
    )

    total = 8 * args.concurrency
    print()
    baseline, worker = "baseline (built apart, vet waited)", "as the worker runs them"
    for as_worker, name in ((False, baseline), (True, worker)):
        per_second, latencies, skipped = throughput(total, args.concurrency, as_worker)
        print(
            f"throughput, {args.concurrency} concurrent fresh hello worlds, {name}: "
            f"{per_second:.2f} runs/s (go vet skipped {skipped} of {total})"
        )
        report(f"latency under {args.concurrency} concurrent", latencies)
        figures[name] = [per_second]
    ratio = figures[worker][0] / figures[baseline][0]
    print(f"throughput ratio: {ratio:.2f}x the baseline, load {os.getloadavg()[0]:.1f}")

    print()
    placement = settings.SANDBOX_BUILD_PLACEMENT
    flood = measure(
        {"hello world": sandbox_fresh("run", placement), "200 MB output flood": sandbox_flood()},
        max(3, args.n // 2),
        args.gap,
    )
    for name, samples in flood.items():
        report(f"until the caller is free: {name}", samples)
    print()
    race_section(args.n, args.gap)
    print()
    virtual_time_section(args.n, args.gap)
    sandbox.shutdown()

    print()
    print("end to end: HTTP POST -> Redis -> Celery worker (2 processes) -> sandbox -> JSON")
    with http_pipeline.running_platform() as base_url:
        for index in range(args.concurrency):
            http_pipeline.create_learner(f"learner{index}", "bench password 2026")
        learners = [
            http_pipeline.Learner(base_url, f"learner{index}", "bench password 2026")
            for index in range(args.concurrency)
        ]
        exercise_id = http_pipeline.create_exercise(
            {"greet.go": EXERCISE}, {"greet_test.go": EXERCISE_TESTS}
        )
        learners[0].run({"main.go": unique(HELLO)})  # the worker's pools fill up
        time.sleep(max(args.gap, 2.0))
        http_scenarios = {
            "http hello, fresh": http_hello(learners[0]),
            "http hello, fresh, go vet done too": http_hello(learners[0], wait_for_vet=True),
            "host go build + run": host_build_and_run(),
            "http exercise go test, fresh": http_test(learners[0], exercise_id),
            "host go test -json": host_test(),
            "http hello, cached": http_cached(learners[0]),
        }
        http_figures = measure(http_scenarios, args.n, args.gap)
        for name, samples in http_figures.items():
            report(name, samples)
        host_run = p50(http_figures["host go build + run"])
        host_go_test = p50(http_figures["host go test -json"])
        hello_ratio = p50(http_figures["http hello, fresh"]) / host_run
        test_ratio = p50(http_figures["http exercise go test, fresh"]) / host_go_test
        vet_ratio = p50(http_figures["http hello, fresh, go vet done too"]) / host_run
        print(
            f"p50 ratio end to end (output shown): hello {hello_ratio:.2f}x host, "
            f"go test {test_ratio:.2f}x host; hello with go vet's findings {vet_ratio:.2f}x"
        )
        per_second, latencies = http_throughput(learners, per_learner=4)
        print(f"throughput, {len(learners)} learners clicking Run: {per_second:.2f} runs/s")
        report(f"end-to-end latency, {len(learners)} learners", latencies)


if __name__ == "__main__":
    main()
