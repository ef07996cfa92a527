"""SANDBOX_RUNTIME=runsc: learners' code under gVisor, through the whole pipeline, on a
private engine that registers Debian's runsc (tests/faults/engine.py). ./scripts/test.sh
installs runsc; where it is missing, the test is skipped."""

import os
import re
import shutil
import uuid

import pytest

from tests.conftest import MEMORY_BOMB
from tests.faults.conftest import run_code

pytestmark = [
    pytest.mark.docker,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("runsc") is None, reason="Debian's runsc is not installed"),
]

KERNEL = """package main

import (
	"fmt"
	"syscall"
)

func main() {
	var name syscall.Utsname
	if err := syscall.Uname(&name); err != nil {
		panic(err)
	}
	var release []byte
	for _, c := range name.Release {
		if c == 0 {
			break
		}
		release = append(release, byte(c))
	}
	fmt.Println(string(release))
}
"""


def test_under_gvisor_a_program_meets_its_user_space_kernel_and_its_limits(
    client, alice, make_worker, private_dockerd
):
    client.force_login(alice)
    make_worker(DOCKER_HOST=private_dockerd.host, SANDBOX_RUNTIME="runsc", SANDBOX_POOL_SIZE="0")

    kernel = run_code(client, f"{KERNEL}// {uuid.uuid4().hex}\n", timeout=120)
    assert kernel.status == "ok", kernel.result
    # gVisor answers uname with its own kernel version, not the host's.
    release = kernel.result["stdout"].strip()
    assert re.fullmatch(r"\d+\.\d+\.\d+\S*", release), release
    assert release != os.uname().release

    bomb = run_code(client, f"{MEMORY_BOMB}// {uuid.uuid4().hex}\n", timeout=120)
    assert bomb.status == "memory_limit", bomb.result
