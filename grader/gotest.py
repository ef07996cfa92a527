"""Turn the raw output of a Go test binary into per-test results, on the host.

The sandbox runs the test binary itself with `-test.v=test2json` (what `go test -json`
does) and never runs `test2json` next to the learner's code, where it could be
interfered with. `convert` is a port of Go's `cmd/internal/test2json` converter
(Go 1.27): framing lines start with ^V, `t.Error` text sits between ^O and ^N, and
markers in `t.Log` text are escaped with ^[. Because a framing line can follow output
that has no trailing newline ("partial--- PASS: TestA"), a ^V anywhere in a line
starts a new line (exercism/go-test-runner#6).

Unlike test2json, a framing line without its ^V marker is always plain output: the
binary always runs in test2json mode, so such lines can only be printed by learner code.

`summarize` then lists the tests in the order they are declared in the test files
(`declared_tests`), each followed by its subtests (flattened, named `Parent/sub`), and
tests that ran but were not declared. Learner code shares the test process and can
print anything, including fake framing lines: the verdict of a run never comes from
this parse alone but from the test binary's exit status (see grader.sandbox).
"""

import re
import textwrap
from dataclasses import dataclass, field

from grader.build_constraints import files_in_build

MARK_FRAMING = "\x16"  # ^V
MARK_ERR_BEGIN = "\x0f"  # ^O
MARK_ERR_END = "\x0e"  # ^N
MARK_ESCAPE = "\x1b"  # ^[

_UPDATES = (
    "=== RUN   ",
    "=== PAUSE ",
    "=== CONT  ",
    "=== NAME  ",
    "=== PASS  ",
    "=== FAIL  ",
    "=== SKIP  ",
    "=== ATTR  ",
    "=== ARTIFACTS ",
)
_REPORTS = ("--- PASS: ", "--- FAIL: ", "--- SKIP: ", "--- BENCH: ")


@dataclass
class TestEvent:
    __test__ = False  # not a pytest test class

    action: str  # run, pause, cont, pass, fail, skip, bench, attr, artifacts, output
    test: str = ""
    output: str = ""
    output_type: str = ""  # "", "frame", "error" or "error-continue" for output events


@dataclass
class _Converter:
    events: list[TestEvent] = field(default_factory=list)
    test_name: str = ""
    report: list[TestEvent] = field(default_factory=list)
    result: str = ""
    mark_framing: bool = True
    in_error: bool = False
    escaped_output: bool = False
    is_framing: bool = False

    # Input side: split into lines, ending at \n or just before a ^V that does
    # not begin a line.
    def feed(self, text: str) -> None:
        start = 0
        escaped = False
        for i, char in enumerate(text):
            if char == "\n":
                self.handle_line(text[start : i + 1])
                start = i + 1
                escaped = False
                continue
            if escaped:
                escaped = False
                continue
            if char == MARK_ESCAPE:
                escaped = True
            elif char == MARK_FRAMING and i > start:
                self.handle_line(text[start:i])
                start = i
        if start < len(text):
            self.handle_line(text[start:])

    def handle_line(self, line: str) -> None:
        if not line:
            return
        saw_marker = False
        if self.mark_framing and line[0] != MARK_FRAMING:
            self.write_output(line)
            return
        if line[0] == MARK_FRAMING:
            saw_marker = True
            line = line[1:]
        trim = line.removesuffix("\n").removesuffix("\r")
        if trim == "=== NAME":
            line = "=== NAME  \n"
            trim = line[:-1]

        if trim in ("PASS", "FAIL") or trim.startswith("FAIL\t"):
            self.flush_report(0)
            self.test_name = ""
            self.mark_framing = saw_marker
            self.write_framing(line)
            self.result = "pass" if trim == "PASS" else "fail"
            return

        orig_line = line
        indent = 0
        ok = line.startswith(_UPDATES)
        if not ok:
            while line.startswith("    "):
                line = line[4:]
                indent += 1
            ok = line.startswith(_REPORTS)
        if not ok:
            if 0 < indent <= len(self.report):
                self.test_name = self.report[indent - 1].test
            self.write_output(orig_line)
            return

        action, _, name = line[len("=== ") :].partition(" ")
        action = action.removesuffix(":").lower()
        name = name.strip()
        event = TestEvent(action=action)
        if line[0] == "-":
            if (i := name.find(" (")) >= 0:
                name = name[:i]
            if len(self.report) < indent:
                self.write_output(orig_line)
                return
            self.mark_framing = saw_marker
            self.flush_report(indent)
            event.test = name
            self.test_name = name
            self.report.append(event)
            self.write_framing(orig_line)
            return
        if action in ("artifacts", "attr"):
            name = name.partition(" ")[0]
        self.mark_framing = saw_marker
        self.flush_report(0)
        self.test_name = name
        if action == "name":
            return
        if action == "pause":
            self.write_framing(orig_line)
        self.write_event(event)
        if action != "pause":
            self.write_framing(orig_line)

    def write_framing(self, line: str) -> None:
        self.is_framing = True
        try:
            self.write_output(line)
        finally:
            self.is_framing = False

    def flush_report(self, depth: int) -> None:
        self.test_name = ""
        while len(self.report) > depth:
            self.write_event(self.report.pop())

    # Output side: elide escapes and split t.Error text (^O ... ^N) into its own events.
    def write_output(self, out: str) -> None:
        kind = "frame" if self.is_framing else ("error-continue" if self.in_error else "")
        pending: list[str] = []
        i = 0
        while i < len(out):
            char = out[i]
            i += 1
            if self.escaped_output:
                self.escaped_output = False
                pending.append(char)
            elif char == MARK_ESCAPE:
                self.escaped_output = True
            elif char == MARK_ERR_BEGIN:
                self.emit_output("".join(pending), kind)
                pending = []
                self.in_error = True
                kind = "error"
            elif char == MARK_ERR_END:
                # The newline after ^N belongs to the error it closes.
                if i < len(out) and out[i] == "\n":
                    pending.append("\n")
                    i += 1
                self.emit_output("".join(pending), kind)
                pending = []
                self.in_error = False
                kind = ""
            else:
                pending.append(char)
        self.emit_output("".join(pending), kind)

    def emit_output(self, text: str, kind: str) -> None:
        if text:
            self.events.append(
                TestEvent(action="output", test=self.test_name, output=text, output_type=kind)
            )

    def write_event(self, event: TestEvent) -> None:
        if not event.test:
            event.test = self.test_name
        self.events.append(event)

    def close(self) -> None:
        # test2json leaves this to the "FAIL\tpkg" line go test prints after a crash.
        self.flush_report(0)
        if self.result:
            self.events.append(TestEvent(action=self.result))


def convert(raw: str) -> list[TestEvent]:
    """The events `go test -json` would print for this raw test binary output."""
    converter = _Converter()
    converter.feed(raw)
    converter.close()
    return converter.events


_DECLARATION = re.compile(
    r"^func\s+((?:Test|Fuzz)(?:[^a-z\W]\w*)?)\s*\(\s*\w+\s+\*\w+\.(?:T|F)\s*\)", re.MULTILINE
)


def declared_tests(test_files: dict[str, str]) -> list[str]:
    """Top-level test and fuzz functions in the order `go test` runs them.

    Go compiles a package's files sorted by name and runs tests in source order. Files
    the build leaves out (build constraints, `_GOOS` names) declare nothing.
    """
    names: list[str] = []
    included = files_in_build(test_files)
    for file_name in sorted(included):
        for match in _DECLARATION.finditer(included[file_name]):
            if match.group(1) not in names:
                names.append(match.group(1))
    return names


def test_function_source(test_files: dict[str, str], name: str) -> str | None:
    """The source of test function `name` with the comment above it, or None.

    Test files are gofmt-formatted: the function ends at the first `}` in column one.
    """
    included = files_in_build(test_files)
    for file_name in sorted(included):
        lines = included[file_name].splitlines()
        for number, line in enumerate(lines):
            match = _DECLARATION.match(line)
            if match is None or match.group(1) != name:
                continue
            start = number
            while start > 0 and lines[start - 1].startswith("//"):
                start -= 1
            for end in range(number, len(lines)):
                if lines[end].startswith("}") or (end == number and line.rstrip().endswith("}")):
                    return "\n".join(lines[start : end + 1]) + "\n"
            return None
    return None


@dataclass
class TestResult:
    __test__ = False  # not a pytest test class

    name: str
    status: str  # "pass", "fail", "skip" or "error" (started but never finished, or never ran)
    message: str = ""
    output: str = ""
    started: bool = False

    def to_dict(self) -> dict[str, str]:
        return {
            "name": self.name,
            "status": self.status,
            "message": self.message,
            "output": self.output,
            # "" for a top-level test, the ones a result's message counts.
            "parent": _parent(self.name),
        }

    @classmethod
    def from_dict(cls, data: dict[str, str]) -> "TestResult":
        return cls(data["name"], data["status"], data["message"], data["output"], started=True)


def _top_level(name: str) -> str:
    return name.split("/", 1)[0]


def _parent(name: str) -> str:
    return name.rpartition("/")[0]


def summarize(events: list[TestEvent], declared: list[str]) -> list[TestResult]:
    """Per-test results, declared tests first, each followed by its subtests.

    A test that started but has no result gets status "error"; a declared test that
    never started gets status "error" too, with started=False. Callers phrase the
    message for those, as only they know why the binary stopped.
    """
    by_name: dict[str, TestResult] = {}
    run_order: list[str] = []
    errors: dict[str, list[str]] = {}
    for event in events:
        name = event.test
        if not name:
            continue
        result = by_name.get(name)
        if result is None:
            result = by_name[name] = TestResult(name=name, status="error")
            run_order.append(name)
        if event.action in ("run", "cont", "pause"):
            result.started = True
        elif event.action in ("pass", "fail", "skip"):
            result.started = True
            result.status = event.action
        elif event.action == "output" and event.output_type != "frame":
            result.output += event.output
            if event.output_type in ("error", "error-continue"):
                errors.setdefault(name, []).append(event.output)

    for name, result in by_name.items():
        if name in errors:
            result.message = textwrap.dedent("".join(errors[name])).strip()
        elif result.status == "skip":
            result.message = _skip_reason(result.output)
        elif result.status == "fail":
            failed = [n for n in run_order if _parent(n) == name and by_name[n].status == "fail"]
            if failed:
                result.message = "Failed subtests: " + ", ".join(failed)

    ordered: list[TestResult] = []
    seen: set[str] = set()

    def add_family(top: str) -> None:
        for name in [top, *(n for n in run_order if _top_level(n) == top and n != top)]:
            if name not in seen:
                seen.add(name)
                ordered.append(by_name.get(name) or TestResult(name=name, status="error"))

    for top in declared:
        add_family(top)
    for name in run_order:
        add_family(_top_level(name))
    return ordered


def _skip_reason(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    return lines[-1] if lines else ""
