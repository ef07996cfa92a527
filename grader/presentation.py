"""Words and colours for sandbox verdicts, shared by the page partials."""

TITLES = {
    "ok": "Ran successfully",
    "compile_error": "Does not compile",
    "runtime_error": "Crashed while running",
    "timeout": "Took too long",
    "memory_limit": "Used too much memory",
    "output_limit": "Printed too much",
    "tests_failed": "Some tests failed",
    "sandbox_error": "Could not run your code",
    "stopped": "Stopped",
    "data_race": "Data race detected",
    "superseded": "Replaced by a newer run",
}
TONES = {
    "ok": "good",
    "tests_failed": "bad",
    "compile_error": "bad",
    "sandbox_error": "warn",
    "stopped": "warn",
    "superseded": "warn",
}


def verdict_title(status: str, kind: str, *, warnings: bool = False) -> str:
    """``warnings``: go vet found something in code that ran."""
    if status == "ok" and kind == "format":
        return "Formatted"
    if status == "ok" and kind == "test":
        return "All tests passed, with warnings" if warnings else "All tests passed"
    if status == "ok" and warnings:
        return "Ran, with warnings"
    return TITLES.get(status, status.replace("_", " ").capitalize())


def verdict_tone(status: str, *, warnings: bool = False) -> str:
    if status == "ok" and warnings:
        return "warn"
    return TONES.get(status, "bad")
