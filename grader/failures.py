"""A failed test's message split into what the code gave and what the test wanted.

Common Go test forms: `got X, want Y`, `got X; want Y`, `Hello("Go") = X, want Y`, and
the multi-line `got:\\n...\\nwant:\\n...`. The two sides come back with their difference
marked, as (kind, text) pieces the template escapes: the text is the learner's and the
test's, never HTML.
"""

import difflib
import re
from dataclasses import dataclass

# "hello_test.go:12: " before each t.Errorf line
_LOCATION = re.compile(r"^\s*[\w.-]+\.go:\d+: ?", re.MULTILINE)
_MULTI_LINE = re.compile(
    r"^(?P<prefix>.*?)\bgot:[ \t]*\n(?P<got>.*?)\n\s*want:[ \t]*\n(?P<want>.*)$",
    re.DOTALL | re.IGNORECASE,
)
# got, then ", want" or "; want": tried at each such place until the got side is whole
_WANT = re.compile(r"\s*[,;]\s*want:?\s+", re.IGNORECASE)
_GOT = re.compile(r"\bgot:?\s+", re.IGNORECASE)
_EQUALS = re.compile(r"\s(?:=|returned|returns)\s+")
MAX_LENGTH = 4000  # longer messages are shown as they are

Pieces = list[tuple[str, str]]  # ("same" | "del" | "ins", text)


@dataclass
class GotWant:
    prefix: str  # what was called, e.g. 'Hello("Go")'; may be empty
    got: Pieces
    want: Pieces


def _first_error(message: str) -> str:
    """The first t.Errorf of a message, without its file:line."""
    starts = [match.start() for match in _LOCATION.finditer(message)]
    if starts and starts[0] == 0:
        end = starts[1] if len(starts) > 1 else len(message)
        return _LOCATION.sub("", message[:end], count=1).strip()
    return message.strip()


def _balanced(text: str) -> bool:
    """No Go string or rune literal left open (a `, want` inside one is not the split)."""
    return len(re.findall(r'(?<!\\)"', text)) % 2 == 0 and text.count("`") % 2 == 0


def _split(text: str) -> tuple[str, str, str] | None:
    multi = _MULTI_LINE.match(text)
    if multi:
        return multi["prefix"].strip(), multi["got"].rstrip("\n"), multi["want"].rstrip("\n")
    for want in _WANT.finditer(text):
        before, after = text[: want.start()], text[want.end() :]
        got = _GOT.search(before) or _EQUALS.search(before)
        if got is None or not after.strip():
            continue
        value = before[got.end() :]
        if value.strip() and _balanced(value):
            prefix = before[: got.start()].strip().rstrip(":,;").strip()
            return prefix, value.strip(), after.strip()
    return None


_GO_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')


def _without_note(got: str, want: str) -> str:
    """`want "x" (one cup, singular)`: the test's note after a quoted want is no part of it."""
    quoted = _GO_STRING.match(want)
    if quoted and _GO_STRING.fullmatch(got) and want[quoted.end() :].strip():
        return quoted.group()
    return want


def _diff(got: str, want: str) -> tuple[Pieces, Pieces]:
    multi_line = "\n" in got or "\n" in want
    a = got.splitlines(keepends=True) if multi_line else got
    b = want.splitlines(keepends=True) if multi_line else want
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    got_pieces: Pieces = []
    want_pieces: Pieces = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        left, right = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            got_pieces.append(("same", left))
            want_pieces.append(("same", right))
            continue
        if left:
            got_pieces.append(("del", left))
        if right:
            want_pieces.append(("ins", right))
    return got_pieces, want_pieces


def got_want(message: str) -> GotWant | None:
    """The message's got and want with their difference, or None when it has no such
    form (or both sides are the same)."""
    if not message or len(message) > MAX_LENGTH:
        return None
    parts = _split(_first_error(message))
    if parts is None:
        return None
    prefix, got, want = parts[0], parts[1], _without_note(parts[1], parts[2])
    if got == want:
        return None
    got_pieces, want_pieces = _diff(got, want)
    return GotWant(prefix=prefix, got=got_pieces, want=want_pieces)
