"""The race detector's reports (go build -race), read from a program's stderr.

A report reads:

    WARNING: DATA RACE
    Write at 0x00c000012345 by goroutine 8:
      main.main.func1()
          prog/main.go:14 +0x7b
    Previous read at 0x00c000012345 by goroutine 7:
      ...
    Goroutine 8 (running) created at:
      main.main()
          prog/main.go:12 +0x78

and the runtime exits with status 66 once the program is done. Frames are matched to
the learner's files by base name (-trimpath prefixes the module path).
"""

import re
from dataclasses import asdict, dataclass, field

RACE_EXIT_CODE = 66
_HEADER = "WARNING: DATA RACE"
_ACCESS = re.compile(
    r"^(Previous )?(read|write)(?: at 0x[0-9a-f]+)? by (goroutine \d+|main goroutine):$",
    re.IGNORECASE,
)
_CREATED = re.compile(r"^Goroutine (\d+) \((\w+)\) created at:$")
_FRAME = re.compile(r"^\s+(\S+?\.go):(\d+)(?: \+0x[0-9a-f]+)?$")
_FUNCTION = re.compile(r"^  (\S.*)\(\)$")


@dataclass
class Site:
    what: str  # "Write by goroutine 8", "Goroutine 8 (running) created"
    file: str = ""
    line: int = 0

    def describe(self) -> str:
        return f"{self.what} at {self.file}:{self.line}" if self.file else self.what


@dataclass
class Race:
    accesses: list[Site] = field(default_factory=list)
    created: list[Site] = field(default_factory=list)
    report: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Race":
        return cls(
            accesses=[Site(**item) for item in data["accesses"]],
            created=[Site(**item) for item in data["created"]],
            report=data["report"],
        )


def parse_races(stderr: str, file_names: frozenset[str]) -> list[Race]:
    races = []
    for block in stderr.split(_HEADER)[1:]:
        block = block.split("\n==================")[0]
        race, current = Race(report=_HEADER + block), None
        # A goroutine started by sync.WaitGroup.Go is created there, and the race
        # runtime keeps only that frame: such a site is named by its function.
        creator: dict[int, str] = {}
        for line in block.splitlines():
            if match := _ACCESS.match(line.strip()):
                previous, kind, goroutine = match.groups()
                access = f"Previous {kind.lower()}" if previous else kind.capitalize()
                current = Site(f"{access} by {goroutine}")
                race.accesses.append(current)
            elif match := _CREATED.match(line.strip()):
                current = Site(f"Goroutine {match.group(1)} ({match.group(2)}) created")
                race.created.append(current)
            elif current is not None and (match := _FUNCTION.match(line)):
                creator.setdefault(id(current), match.group(1))
            elif current is not None and not current.file and (match := _FRAME.match(line)):
                name = match.group(1).rsplit("/", 1)[-1]
                if name in file_names:
                    current.file, current.line = name, int(match.group(2))
        for site in race.created:
            if not site.file and id(site) in creator:
                site.what += f" in {creator[id(site)]}"
        if race.accesses:
            races.append(race)
    return races
