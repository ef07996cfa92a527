"""How a program is built and run beyond its files: with the race detector, on the
virtual clock. Chosen by the lesson (a fence's flags) or the exercise (`exercise.md`),
carried by the submission, and part of the result cache's key."""

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class RunOptions:
    # `go build -race`: a data race ends the run as failed, with the race report.
    race: bool = False
    # `-tags faketime`, as on the Go Playground: time.Sleep costs no real time and the
    # output is framed with the virtual time it was written at.
    virtual_time: bool = False

    def __post_init__(self) -> None:
        # A race run is on the real clock: a race shows up between goroutines that truly
        # run at once, which the virtual clock's single thread (GOMAXPROCS=1) would make
        # rarer. Settled here, so that what a submission saves is what ran.
        if self.race and self.virtual_time:
            object.__setattr__(self, "virtual_time", False)

    def to_dict(self) -> dict[str, bool]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> "RunOptions":
        data = data or {}
        return cls(race=bool(data.get("race")), virtual_time=bool(data.get("virtual_time")))


PLAIN = RunOptions()  # a plain build, on the real clock
