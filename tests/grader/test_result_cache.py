import pytest

from grader import result_cache
from grader.result_cache import cache_key, worth_caching
from grader.results import SandboxLimits, SandboxResult, Status
from grader.run_options import RunOptions

LIMITS = SandboxLimits(
    build_timeout=10, run_timeout=5, memory_mb=256, pids=128, cpus=1, output_limit=65536
)
HELLO = {"main.go": 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n'}


def test_the_key_depends_on_files_mode_image_and_limits():
    key = cache_key(HELLO, "run", "sha256:a", LIMITS)
    assert key == cache_key(dict(HELLO), "run", "sha256:a", LIMITS)
    assert key != cache_key({"main.go": HELLO["main.go"] + " "}, "run", "sha256:a", LIMITS)
    assert key != cache_key(HELLO, "test", "sha256:a", LIMITS)
    assert key != cache_key(HELLO, "run", "sha256:b", LIMITS)
    assert key != cache_key(
        HELLO, "run", "sha256:a", SandboxLimits(**{**LIMITS.__dict__, "memory_mb": 512})
    )


@pytest.mark.parametrize(
    "status", [Status.TIMEOUT, Status.MEMORY_LIMIT, Status.OUTPUT_LIMIT, Status.SANDBOX_ERROR]
)
def test_limits_and_sandbox_errors_are_never_cached(status: Status):
    assert not worth_caching(SandboxResult(status=status, message=""), "test", HELLO)


@pytest.mark.parametrize(
    "status", [Status.OK, Status.COMPILE_ERROR, Status.TESTS_FAILED, Status.RUNTIME_ERROR]
)
def test_deterministic_verdicts_are_cached(status: Status):
    assert worth_caching(SandboxResult(status=status, message=""), "run", HELLO)


@pytest.mark.parametrize(
    "source",
    [
        'import "time"\n\nfunc main() { println(time.Now().String()) }',
        'import "math/rand/v2"\n\nfunc main() { println(rand.N(10)) }',
        "func main() {\n\tgo work()\n}",
        "func main() { go func() {}() }",
    ],
)
def test_programs_whose_output_may_change_are_not_cached(source: str):
    ok = SandboxResult(status=Status.OK, message="")
    assert not worth_caching(ok, "run", {"main.go": "package main\n\n" + source})
    assert worth_caching(ok, "test", {"main.go": "package main\n\n" + source})


@pytest.mark.parametrize(
    ("source", "cached"),
    [
        ('import "time"\n\nfunc main() { println(time.Now().String()) }', True),
        ("func main() {\n\tgo work()\n}", True),
        ('import "math/rand/v2"\n\nfunc main() { println(rand.N(10)) }', False),
        ("func main() {\n\tselect {\n\tcase <-a:\n\tcase <-b:\n\t}\n}", False),
    ],
)
def test_on_the_virtual_clock_only_randomness_keeps_a_program_out(source: str, cached: bool):
    ok = SandboxResult(status=Status.OK, message="")
    files = {"main.go": "package main\n\n" + source}
    assert worth_caching(ok, "run", files, RunOptions(virtual_time=True)) is cached


def test_without_redis_results_are_kept_in_process(settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    cache = result_cache._ResultCache()
    cache.put("k", {"status": "ok"})
    assert cache.get("k") == {"status": "ok"}
    assert cache.get("other") is None


@pytest.mark.redis
def test_with_redis_results_are_shared(settings):
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=0.5)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("Redis is not running")
    first, second = result_cache._ResultCache(), result_cache._ResultCache()
    first.put("shared-test-key", {"status": "ok"})
    assert second.get("shared-test-key") == {"status": "ok"}
    client.delete(result_cache.KEY_PREFIX + "shared-test-key")
