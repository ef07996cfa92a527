"""The production deployment files: deploy/docker-compose.yml (with
docker-compose.expose.yml once grading machines join), docker-compose.worker.yml for a
grading machine, and their Dockerfile."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "deploy" / "docker-compose.yml"
EXPOSE_FILE = ROOT / "deploy" / "docker-compose.expose.yml"
WORKER_FILE = ROOT / "deploy" / "docker-compose.worker.yml"
REQUIRED_ENV = {
    "SECRET_KEY": "a-long-random-secret-for-the-test",
    "ALLOWED_HOSTS": "go.example.com",
    "POSTGRES_PASSWORD": "secret",
}
EXPOSE_ENV = {**REQUIRED_ENV, "REDIS_PASSWORD": "redissecret", "PRIVATE_ADDRESS": "10.0.0.1"}
WORKER_ENV = {
    "SECRET_KEY": "a-long-random-secret-for-the-test",
    "DATABASE_URL": "postgres://gocourse:secret@10.0.0.1:5432/gocourse",
    "REDIS_URL": "redis://:redissecret@10.0.0.1:6379/0",
}


def compose_config(
    env: dict[str, str], *args: str, files: tuple[Path, ...] = (COMPOSE_FILE,)
) -> subprocess.CompletedProcess:
    if shutil.which("docker-compose") is None:
        pytest.skip("docker-compose is not installed (scripts/services.sh ensure_compose)")
    # The test run's own settings (DATABASE_URL, REDIS_URL...) must not fill in the files.
    read = {*REQUIRED_ENV, *EXPOSE_ENV, *WORKER_ENV}
    clean = {k: v for k, v in os.environ.items() if k not in read}
    return subprocess.run(
        ["docker-compose", *(f"--file={file}" for file in files), "config", *args],
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


@pytest.mark.docker
def test_the_main_host_can_open_redis_and_postgres_to_grading_machines_on_its_private_address():
    files = (COMPOSE_FILE, EXPOSE_FILE)
    result = compose_config(EXPOSE_ENV, "-q", files=files)
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(compose_config(EXPOSE_ENV, files=files).stdout)["services"]
    # docker-compose 1.29 writes "10.0.0.1:6379:6379/tcp"; Compose v2 a mapping.
    for service, port in (("redis", "6379"), ("postgres", "5432")):
        published = str(services[service]["ports"])
        assert "10.0.0.1" in published and port in published
    for app in ("web", "worker", "beat"):
        assert services[app]["environment"]["REDIS_URL"] == "redis://:redissecret@redis:6379/0"
    # Redis asks for the password, which stays off its command line.
    assert services["redis"]["environment"]["REDISCLI_AUTH"] == "redissecret"
    command = " ".join(services["redis"]["command"])
    assert "requirepass" in command and "redissecret" not in command
    refused = compose_config({**EXPOSE_ENV, "PRIVATE_ADDRESS": ""}, "-q", files=files)
    assert refused.returncode != 0 and "set PRIVATE_ADDRESS" in refused.stderr


@pytest.mark.docker
def test_a_grading_machine_runs_only_a_worker_on_its_own_engine_and_the_main_hosts_services():
    result = compose_config(WORKER_ENV, "-q", files=(WORKER_FILE,))
    assert result.returncode == 0, result.stderr
    services = compose_config(WORKER_ENV, "--services", files=(WORKER_FILE,)).stdout
    assert services.split() == ["worker"]
    config = compose_config({**WORKER_ENV, "WORKER_CONCURRENCY": "8"}, files=(WORKER_FILE,)).stdout
    assert "image: gocourse-app:latest" in config and "- worker" in config
    assert "/var/run/docker.sock:/var/run/docker.sock" in config
    assert "DATABASE_URL: postgres://gocourse:secret@10.0.0.1:5432/gocourse" in config
    assert "REDIS_URL: redis://:redissecret@10.0.0.1:6379/0" in config
    assert "WORKER_CONCURRENCY: '8'" in config
    for missing in ("REDIS_URL", "DATABASE_URL"):
        env = {k: v for k, v in WORKER_ENV.items() if k != missing}
        refused = compose_config(env, "-q", files=(WORKER_FILE,))
        assert refused.returncode != 0 and f"set {missing}" in refused.stderr


def test_the_dockerfile_builds_from_debian_only():
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    bases = [line.split()[1] for line in dockerfile.splitlines() if line.startswith("FROM ")]
    assert bases[0] == "debian:bookworm-slim"
    assert all(base in {"debian:bookworm-slim", "debian"} for base in bases)


def test_the_entrypoints_are_executable():
    for name in ("entrypoint.sh", "postgres-entrypoint.sh"):
        assert os.access(ROOT / "deploy" / name, os.X_OK), name
