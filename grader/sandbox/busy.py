"""Whether the machine is short of CPU right now, for go vet to give way to builds.

go vet costs about as much CPU as the build it checks. Its findings are a teaching aid,
not a verdict: when more processes want a CPU than the machine has, a run skips it (the
page says so) and the next learner's build gets the core.
"""

import os

LOADAVG = "/proc/loadavg"


def cpu_is_busy() -> bool:
    """More runnable processes than CPUs at this instant (the fourth field of
    /proc/loadavg, "runnable/total"); False where that cannot be read."""
    try:
        with open(LOADAVG) as loadavg:
            runnable = int(loadavg.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return False
    return runnable > (os.cpu_count() or 1)
