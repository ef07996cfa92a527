"""Runs after the other sandbox tests (files are collected in name order)."""

import pytest

from grader import sandbox

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]


def test_no_containers_are_left_behind(own_sandbox_containers):
    sandbox.shutdown()  # the pre-started ones of this process, and pending removals
    assert own_sandbox_containers() == []
