"""The one place that talks to Docker: the sandbox image and every run of learner code.

Public API (used by the Celery task and the management commands):

- `run_program(files, mode, *, hidden_files, limits, use_cache, use_pool, placement,
  on_output)` returns a `SandboxResult` and never raises for anything that goes wrong
  with Docker (that is status `sandbox_error`); it raises `InvalidFiles` for files that
  cannot be run at all, which callers check first with `grader.files.check_files`.
  `run_submission_files(files, mode, hidden_files=..., limits=...)` is the same as a
  JSON dict, with an exercise's own limits (`Exercise.limits`) in place of the settings'.
- `build_image(force=..., progress=...)` builds the `gocourse-sandbox` image.
- `engine_answers()`: whether this process's Docker engine answers a ping.
- `shutdown()` removes the pre-started containers of this process and waits for pending
  removals (also run at exit); `remove_leftover_containers()` removes those of
  processes that died.

How a run goes (placement "separate", the default; see deploy/sandbox/README.md):

1. A *build container* gets the sources on stdin. Its agent runs `go build` (or
   `go test -c`), answers with the result and the binary, then runs `go vet` while
   step 2 runs the binary, and answers with the findings (`on_output` gets the result
   before they arrive). Only the Go toolchain runs there, so its answers can be
   trusted; it gets SANDBOX_BUILD_CPUS.
2. A fresh *run container* gets only the binary. Its agent writes it to /tmp and runs
   it as its only child, out of the program's reach (deploy/sandbox/agent/exec.go),
   relaying its output in frames and then its exit status; that frame ends the run
   without waiting for Docker to process the container's exit. A SIGKILL is checked
   against the engine's OOM events; a container that dies with its agent (gVisor's
   OOM kill) is judged by Docker's exit code and OOM flag. The wall-clock limit comes
   from the host; test output is parsed on the host (grader.gotest). Hidden test
   sources never enter that container.
3. Both containers are removed whatever happened, by a background thread once the
   result is known.

Placement "inline" builds and runs in one container (the agent deletes the sources and
runs the binary after answering); bench/run_latency.py measures both.

Every container: no network, read-only root, a tmpfs /tmp, all capabilities dropped,
no-new-privileges, memory (no swap), pids, CPU and open-file limits, no logging
driver (output is read from the attach stream and capped on the host). A few of them
are created, started and attached ahead of time per process and wait on stdin
(`_WarmPool`), each still used once.

Modules, one job each: `client` (the Docker client; create, start, kill and remove a
container), `reaper` (removals in the background), `pool` (containers started ahead),
`protocol` (the frames exchanged with the agent, and the playback frames of a program
on the virtual clock, decoded by grader.playback), `cancel` (stopping a run from another
thread), `watch` (following the program to its end), `oom` (was it the memory limit?),
`job` (one run's state and the containers it holds), `busy` (is the CPU short?), `run`
(a run from files to result) and `image` (the build context, the build and the image's
id).
"""

# Names imported "as" themselves are internals that tests/grader reaches through the package.
from grader.files import InvalidFiles
from grader.results import Mode, SandboxLimits, SandboxResult, Status
from grader.sandbox.cancel import Cancel
from grader.sandbox.client import OWNER_LABEL as OWNER_LABEL
from grader.sandbox.client import _api as _api
from grader.sandbox.client import _owner as _owner
from grader.sandbox.client import _remove as _remove
from grader.sandbox.client import _start_attached as _start_attached
from grader.sandbox.client import engine_answers
from grader.sandbox.image import ImageBuild, ImageBuildError, build_image
from grader.sandbox.image import _image_id as _image_id
from grader.sandbox.oom import SIGKILL_EXIT as SIGKILL_EXIT
from grader.sandbox.oom import _out_of_memory as _out_of_memory
from grader.sandbox.pool import _WarmPool as _WarmPool
from grader.sandbox.pool import remove_leftover_containers, shutdown
from grader.sandbox.reaper import _reaper as _reaper
from grader.sandbox.run import run_program, run_submission_files

__all__ = [
    "Cancel",
    "InvalidFiles",
    "ImageBuild",
    "ImageBuildError",
    "Mode",
    "SandboxLimits",
    "SandboxResult",
    "Status",
    "build_image",
    "engine_answers",
    "remove_leftover_containers",
    "run_program",
    "run_submission_files",
    "shutdown",
]
