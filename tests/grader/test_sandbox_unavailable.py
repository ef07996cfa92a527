from grader import sandbox
from grader.results import Status


def test_an_unreachable_docker_is_a_sandbox_error_not_an_exception(monkeypatch, tmp_path):
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path}/no-docker.sock")
    monkeypatch.setattr(sandbox.client, "_local", type(sandbox.client._local)())
    monkeypatch.setattr(sandbox.image, "_image_ids", {})
    result = sandbox.run_program({"main.go": "package main\n\nfunc main() {}\n"}, use_cache=False)
    assert result.status == Status.SANDBOX_ERROR
    assert result.message == "The code runner is unavailable right now (Docker is unreachable)."
    assert result.to_dict()["status"] == "sandbox_error"


def test_run_submission_files_turns_refused_files_into_a_result():
    result = sandbox.run_submission_files({"../evil.go": "package main\n"}, "run")
    assert result["status"] == "compile_error"
    assert "not allowed" in result["message"]
