"""The production deployment files: deploy/docker-compose.yml and its Dockerfile."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "deploy" / "docker-compose.yml"
REQUIRED_ENV = {
    "SECRET_KEY": "a-long-random-secret-for-the-test",
    "ALLOWED_HOSTS": "go.example.com",
    "POSTGRES_PASSWORD": "secret",
}


def compose_config(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    if shutil.which("docker-compose") is None:
        pytest.skip("docker-compose is not installed (scripts/services.sh ensure_compose)")
    clean = {k: v for k, v in os.environ.items() if k not in REQUIRED_ENV}
    return subprocess.run(
        ["docker-compose", "-f", str(COMPOSE_FILE), "config", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.docker
def test_the_compose_file_is_valid():
    result = compose_config(REQUIRED_ENV, "-q")
    assert result.returncode == 0, result.stderr


@pytest.mark.docker
def test_the_compose_file_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in REQUIRED_ENV.items() if k != "SECRET_KEY"}
    result = compose_config(env, "-q")
    assert result.returncode != 0
    assert "set SECRET_KEY" in result.stderr


@pytest.mark.docker
def test_the_services_share_one_app_image_and_only_the_worker_holds_the_docker_socket():
    result = compose_config(REQUIRED_ENV, "--services")
    assert result.returncode == 0, result.stderr
    assert set(result.stdout.split()) == {"web", "worker", "beat", "redis", "postgres"}
    config = compose_config({**REQUIRED_ENV, "SANDBOX_RUNTIME": "runsc"}).stdout
    assert config.count("image: gocourse-app:latest") == 3
    assert config.count("/var/run/docker.sock") == 2  # the worker's one volume: host:container
    assert "SANDBOX_RUNTIME: runsc" in config
    assert "DATABASE_URL: postgres://gocourse:secret@postgres:5432/gocourse" in config


def test_the_dockerfile_builds_from_debian_only():
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    bases = [line.split()[1] for line in dockerfile.splitlines() if line.startswith("FROM ")]
    assert bases[0] == "debian:bookworm-slim"
    assert all(base in {"debian:bookworm-slim", "debian"} for base in bases)


def test_the_entrypoints_are_executable():
    for name in ("entrypoint.sh", "postgres-entrypoint.sh"):
        assert os.access(ROOT / "deploy" / name, os.X_OK), name
