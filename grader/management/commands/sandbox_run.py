import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from grader import sandbox
from grader.results import SandboxResult


class Command(BaseCommand):
    help = (
        "Run Go files through the sandbox exactly as submissions are run. With --test, the "
        "*_test.go files are the hidden tests. Exits 0 whatever the verdict."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--test", action="store_true", help="run the *_test.go files as tests")
        mode.add_argument("--format", action="store_true", help="gofmt the files")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument("--no-cache", action="store_true", help="ignore cached results")

    def handle(self, *args, files, test, format, json, no_cache, **options):
        learner: dict[str, str] = {}
        hidden: dict[str, str] = {}
        for name in files:
            path = Path(name)
            try:
                text = path.read_text()
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(f"Cannot read {name}: {error}") from None
            target = hidden if test and path.name.endswith("_test.go") else learner
            if path.name in learner or path.name in hidden:
                raise CommandError(f"Two files are named {path.name}.")
            target[path.name] = text
        mode = "test" if test else "format" if format else "run"
        try:
            result = sandbox.run_program(
                learner, mode, hidden_files=hidden or None, use_cache=not no_cache, use_pool=False
            )
        except sandbox.InvalidFiles as error:
            raise CommandError(str(error)) from None
        if json:
            self.stdout.write(_json_dumps(result.to_dict()))
        else:
            self.stdout.write(describe(result))


def _json_dumps(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def describe(result: SandboxResult) -> str:
    lines = [f"{result.status}: {result.message}"]
    for error in result.compile_errors:
        where = f"{error.file}:{error.line}:{error.column}: " if error.file else ""
        lines.append(f"  error {where}{error.message}")
    for finding in result.vet:
        lines.append(f"  vet   {finding.file}:{finding.line}:{finding.column}: {finding.message}")
    for test in result.tests:
        lines.append(f"  {test.status.upper():5} {test.name}")
        if test.message:
            lines.extend(f"        {line}" for line in test.message.splitlines())
    for name, text in result.formatted.items():
        lines.append(f"--- {name} (formatted)")
        lines.append(text.rstrip("\n"))
    if result.stdout and not result.tests:
        cut = " (truncated)" if result.stdout_truncated else ""
        lines.append(f"--- stdout{cut}")
        lines.append(result.stdout.rstrip("\n"))
    if result.stderr:
        cut = " (truncated)" if result.stderr_truncated else ""
        lines.append(f"--- stderr{cut}")
        lines.append(result.stderr.rstrip("\n"))
    exit_code = "" if result.exit_code is None else f"exit {result.exit_code}, "
    timings = result.timings
    lines.append(
        f"({exit_code}compile {timings.compile_ms} ms, run {timings.run_ms} ms, "
        f"total {timings.total_ms} ms{', cached' if result.cached else ''})"
    )
    return "\n".join(lines)
