import docker
import pytest
from docker.errors import DockerException

from grader import sandbox
from grader.sandbox.race_image import build_race_image


@pytest.fixture(scope="session")
def sandbox_image():
    """A reachable Docker engine and an up-to-date sandbox image (built if missing)."""
    try:
        docker.from_env(version="auto", timeout=10).ping()
    except DockerException as error:
        pytest.skip(f"Docker is not reachable: {error}")
    build = sandbox.build_image()
    yield build
    sandbox.shutdown()


@pytest.fixture(scope="session")
def race_image(sandbox_image):
    """The race image too (built FROM the sandbox image if missing)."""
    return build_race_image(sandbox_image)


@pytest.fixture
def own_sandbox_containers():
    """Lists the sandbox containers of this process (other processes may run their own)."""

    def containers() -> list[dict]:
        api = docker.from_env(version="auto").api
        owner = f"{sandbox.OWNER_LABEL}={sandbox._owner()}"
        return api.containers(all=True, filters={"label": owner})

    return containers
