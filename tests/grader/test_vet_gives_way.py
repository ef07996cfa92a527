"""go vet gives way to builds when the machine is short of CPU: the run skips it, says
so, and its result is not cached (a later run may have the CPU for the findings)."""

import os
import uuid

import pytest

from grader import sandbox
from grader.results import Status
from grader.sandbox import busy

PRINTF = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Printf("%d\\n", "seven")\n}\n'


@pytest.mark.parametrize(
    ("loadavg", "busy_now"),
    [
        (f"3.10 2.00 1.50 {os.cpu_count() + 1}/400 9999\n", True),
        (f"3.10 2.00 1.50 {os.cpu_count()}/400 9999\n", False),
        ("0.00 0.00 0.00 1/90 12\n", False),
        ("garbage\n", False),
    ],
)
def test_busy_means_more_runnable_processes_than_cpus(tmp_path, monkeypatch, loadavg, busy_now):
    path = tmp_path / "loadavg"
    path.write_text(loadavg)
    monkeypatch.setattr(busy, "LOADAVG", str(path))
    assert busy.cpu_is_busy() is busy_now


def test_without_proc_loadavg_the_machine_counts_as_free(monkeypatch):
    monkeypatch.setattr(busy, "LOADAVG", "/nonexistent/loadavg")
    assert busy.cpu_is_busy() is False


@pytest.mark.docker
@pytest.mark.usefixtures("sandbox_image")
@pytest.mark.parametrize("placement", ["inline", "separate"])
def test_on_a_busy_machine_a_run_skips_go_vet_and_is_not_cached(monkeypatch, placement):
    monkeypatch.setattr("grader.sandbox.run.cpu_is_busy", lambda: True)
    files = {"main.go": PRINTF + f"// {uuid.uuid4()}\n"}
    result = sandbox.run_program(files, placement=placement)
    assert result.status == Status.OK and result.stdout == "%!d(string=seven)\n"
    assert result.vet_skipped and result.vet == []

    monkeypatch.setattr("grader.sandbox.run.cpu_is_busy", lambda: False)
    again = sandbox.run_program(files, placement=placement)
    assert not again.cached and not again.vet_skipped
    assert [(v.file, v.line) for v in again.vet] == [("main.go", 6)]
