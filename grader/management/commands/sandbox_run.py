import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from grader import sandbox, verdicts
from grader.playback import Times, describe_ms, split_at_times
from grader.results import SandboxLimits, SandboxResult, exercise_limit_problems
from grader.run_options import PLAIN, RunOptions

# An argument the command itself could not read; files the sandbox refuses are a
# compile_error, as for a submission.
USAGE_ERROR = "usage_error"


@dataclass
class Program:
    """What one run gets: the learner's files and, with --test, the hidden tests."""

    label: str
    learner: dict[str, str]
    hidden: dict[str, str]
    problem: str = ""  # why it cannot be run at all


class Command(BaseCommand):
    help = (
        "Run Go files through the sandbox exactly as submissions are run. A directory "
        "stands for its .go files and go.mod. With --test, the *_test.go files are the "
        "hidden tests. With --each, every argument is a program of its own (one result "
        "per argument, a JSON line each with --json); without it, all the arguments make "
        "one program. Exits 0 whatever the verdicts, 1 when an argument cannot be run at "
        "all (with --json, its JSON says why)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--test", action="store_true", help="run the *_test.go files as tests")
        mode.add_argument("--format", action="store_true", help="gofmt the files")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument("--no-cache", action="store_true", help="ignore cached results")
        parser.add_argument(
            "--each", action="store_true", help="run every argument as a separate program"
        )
        parser.add_argument(
            "--jobs", type=int, default=1, help="with --each, programs run at once (default 1)"
        )
        parser.add_argument(
            "--race", action="store_true", help="build and run with the race detector (-race)"
        )
        parser.add_argument(
            "--virtual-time",
            action="store_true",
            help="run on the virtual clock, as lesson examples do (-tags faketime)",
        )
        parser.add_argument("--memory-mb", type=int, help="an exercise's memory limit, in MiB")
        parser.add_argument(
            "--run-timeout", type=float, help="an exercise's run time limit, in seconds"
        )
        parser.add_argument(
            "--allow",
            action="append",
            metavar="NAME",
            help="with --test, what an exercise allows its code to use (os.Args, syscall, ...); "
            "repeatable",
        )

    def handle(
        self, *args, paths, test, format, json, no_cache, each, jobs, race, virtual_time, **options
    ):
        requested = {
            key: options[key]
            for key in ("memory_mb", "run_timeout", "allow")
            if options[key] is not None
        }
        if requested and (problems := exercise_limit_problems(requested)):
            raise CommandError("; ".join(message for _, message in problems))
        limits = SandboxLimits.from_settings().for_exercise(requested)
        mode = "test" if test else "format" if format else "run"
        programs = [_program([path], test) for path in paths] if each else [_program(paths, test)]

        def run(program: Program) -> dict[str, Any]:
            return _run(
                program,
                mode,
                limits,
                use_cache=not no_cache,
                use_pool=len(programs) > 1,
                run_options=RunOptions(race=race, virtual_time=virtual_time),
            )

        unrunnable = []
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            for program, outcome in zip(programs, pool.map(run, programs), strict=True):
                if outcome.pop("refused", False):
                    if not (json or each):
                        raise CommandError(outcome["message"])
                    unrunnable.append(program.label)
                self.stdout.write(_render(program, outcome, json=json, each=each))
        if unrunnable:
            raise CommandError(
                f"Could not run {len(unrunnable)} of {len(programs)}: {', '.join(unrunnable)}"
            )


def _run(
    program: Program,
    mode: str,
    limits: SandboxLimits,
    *,
    use_cache: bool,
    use_pool: bool,
    run_options: RunOptions = PLAIN,
) -> dict[str, Any]:
    """The result as JSON; `refused` is set when the files cannot be run at all."""
    if program.problem:
        return {"status": USAGE_ERROR, "message": program.problem, "refused": True}
    try:
        result = sandbox.run_program(
            program.learner,
            mode,
            hidden_files=program.hidden or None,
            limits=limits,
            use_cache=use_cache,
            use_pool=use_pool,
            options=run_options,
        )
    except sandbox.InvalidFiles as error:
        return verdicts.files_refused(str(error)).to_dict() | {"refused": True}
    return result.to_dict()


def _program(paths: list[str], test: bool) -> Program:
    program = Program(label=" ".join(paths), learner={}, hidden={})
    try:
        for path in _expand(paths):
            text = _read(path)
            if path.name in program.learner or path.name in program.hidden:
                raise _Unreadable(f"Two files are named {path.name}.")
            target = program.hidden if test and path.name.endswith("_test.go") else program.learner
            target[path.name] = text
    except _Unreadable as error:
        program.problem = str(error)
    return program


class _Unreadable(Exception):
    pass


def _expand(paths: list[str]) -> Iterator[Path]:
    """Files as given; a directory's .go files and go.mod, as the go command sees them."""
    for name in paths:
        path = Path(name)
        if not path.is_dir():
            yield path
            continue
        for entry in sorted(path.iterdir()):
            wanted = entry.name.endswith(".go") or entry.name == "go.mod"
            if wanted and entry.is_file() and not entry.name.startswith((".", "_")):
                yield entry


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except (OSError, UnicodeDecodeError) as error:
        raise _Unreadable(f"Cannot read {path}: {error}") from None


def _render(program: Program, outcome: dict[str, Any], *, json: bool, each: bool) -> str:
    if json and each:
        return _json_dumps({"path": program.label, **outcome}, indent=None)
    if json:
        return _json_dumps(outcome)
    if outcome["status"] == USAGE_ERROR:
        text = f"{outcome['status']}: {outcome['message']}"
    else:
        text = describe(SandboxResult.from_dict(outcome))
    return f"== {program.label}\n{text}" if each else text


def _json_dumps(data: dict, indent: int | None = 2) -> str:
    return json.dumps(data, indent=indent, ensure_ascii=False)


def describe(result: SandboxResult) -> str:
    lines = [f"{result.status}: {result.message}"]
    for error in result.compile_errors:
        lines.append(f"  error {error.describe()}")
    for finding in result.vet:
        lines.append(f"  vet   {finding.describe()}")
    for test in result.tests:
        # Subtests under their test: the message counts the tests, not the subtests.
        depth = test.name.count("/")
        name = test.name.rsplit("/", 1)[-1] if depth else test.name
        lines.append(f"  {'  ' * depth}{test.status.upper():5} {name}")
        if test.message:
            lines.extend(f"        {'  ' * depth}{line}" for line in test.message.splitlines())
    for name, text in result.formatted.items():
        lines.append(f"--- {name} (formatted)")
        lines.append(text.rstrip("\n"))
    if result.stdout and not result.tests:
        cut = " (truncated)" if result.stdout_truncated else ""
        lines.append(f"--- stdout{cut}")
        lines.append(_timed(result.stdout, result.stdout_times))
    if result.stderr:
        cut = " (truncated)" if result.stderr_truncated else ""
        lines.append(f"--- stderr{cut}")
        lines.append(_timed(result.stderr, result.stderr_times))
    exit_code = "" if result.exit_code is None else f"exit {result.exit_code}, "
    timings = result.timings
    lines.append(
        f"({exit_code}compile {timings.compile_ms} ms, run {timings.run_ms} ms, "
        f"total {timings.total_ms} ms{', cached' if result.cached else ''})"
    )
    return "\n".join(lines)


def _timed(text: str, times: Times) -> str:
    """The output, with "[after 2s]" before the lines written after the virtual clock moved."""
    if not times:
        return text.rstrip("\n")
    return "".join(
        (f"[after {describe_ms(ms)}] " if ms is not None else "") + line
        for line, ms in split_at_times(text, times)
    ).rstrip("\n")
