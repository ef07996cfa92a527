"""A private Docker engine for tests that stop it or change its runtimes: own socket,
data and exec roots, loaded with the sandbox image from the shared engine, which is
never touched. Engines with different names run side by side (one per grading
machine). Where Debian's runsc is installed, the engine also knows the gVisor runtime
`runsc` (as README.md, "The Docker socket", registers it)."""

import hashlib
import json
import shutil
import signal
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
# Kept between runs: loading the 400 MB image into a fresh data root takes a while.
STATE = ROOT / "var" / "faults-dockerd"
# containerd's socket paths must stay short, so the exec root lives in /run; one per
# checkout, so a private engine another clone left running cannot block this one.
EXEC_ROOT = Path("/run") / f"gocourse-faults-{hashlib.sha256(bytes(ROOT)).hexdigest()[:8]}"


def _runtimes() -> dict:
    runsc = shutil.which("runsc")
    if runsc is None:
        return {}
    return {"runsc": {"path": runsc, "runtimeArgs": ["--network=none"]}}


class PrivateDockerd:
    def __init__(self, name: str = "") -> None:
        suffix = f"-{name}" if name else ""
        self.state = STATE.with_name(STATE.name + suffix)
        self.exec_root = EXEC_ROOT.with_name(EXEC_ROOT.name + suffix)
        self.socket = self.state / "docker.sock"
        self.host = f"unix://{self.socket}"
        self.process: subprocess.Popen | None = None

    def docker(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(["docker", "-H", self.host, *args], **kwargs)

    def answers(self) -> bool:
        return self.docker("version", capture_output=True).returncode == 0

    def start(self) -> None:
        self.state.mkdir(parents=True, exist_ok=True)
        config = self.state / "daemon.json"
        config.write_text(json.dumps({"runtimes": _runtimes()}))
        log = open(self.state / "dockerd.log", "ab")  # noqa: SIM115 - kept open by the daemon
        self.process = subprocess.Popen(
            ["dockerd", "--host", self.host, "--data-root", str(self.state / "data"),
             "--exec-root", str(self.exec_root), "--pidfile", str(self.state / "dockerd.pid"),
             "--config-file", str(config),
             "--bridge=none", "--iptables=false", "--ip-forward=false", "--ip-masq=false"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        for _ in range(120):
            if self.answers():
                return
            time.sleep(0.5)
        raise RuntimeError(f"the private dockerd did not start; see {self.state}/dockerd.log")

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)
            self.process = None

    def load_sandbox_image(self, image: str) -> None:
        shared = subprocess.run(
            ["docker", "image", "inspect", "-f", "{{.Id}}", image], capture_output=True, text=True
        ).stdout.strip()
        mine = self.docker(
            "image", "inspect", "-f", "{{.Id}}", image, capture_output=True, text=True
        ).stdout.strip()
        if shared and shared == mine:
            return
        save = subprocess.Popen(["docker", "save", image], stdout=subprocess.PIPE)
        self.docker("load", "-q", stdin=save.stdout, check=True, capture_output=True)
        save.wait(timeout=300)
