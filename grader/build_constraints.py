"""Which files a build includes, decided the way the go command does for the sandbox.

The sandbox builds for one target: linux/amd64, the gc compiler, cgo off, no extra
tags, Go 1.27. A file is left out of `go build .` and `go test` when its name starts with
`_` or `.`, when its name ends in another system's `_GOOS`, `_GOARCH` or `_GOOS_GOARCH`
(before an optional `_test`), or when its build constraint is false: the `//go:build`
line in the comments above the package clause, or else its `// +build` lines
(go/build's `shouldBuild`, `goodOSArchFile` and `matchTag`; `go/build/constraint` for
the expression grammar). `go run file.go` uses every file it is given, whatever its
constraint (`without_constraints`).
"""

import re
from collections.abc import Callable, Mapping

GOOS, GOARCH, COMPILER = "linux", "amd64", "gc"
GO_MINOR = 27
# `go list -f '{{context.ToolTags}}'` of the image's toolchain for linux/amd64.
TOOL_TAGS = frozenset(
    {
        "goexperiment.regabiwrappers",
        "goexperiment.regabiargs",
        "goexperiment.dwarf5",
        "goexperiment.jsonv2",
        "goexperiment.greenteagc",
        "goexperiment.randomizedheapbase64",
        "goexperiment.sizespecializedmalloc",
        "amd64.v1",
    }
)
RELEASE_TAGS = frozenset(f"go1.{minor}" for minor in range(1, GO_MINOR + 1))
UNIX_OS = frozenset(
    "aix android darwin dragonfly freebsd hurd illumos ios linux netbsd openbsd solaris".split()
)
KNOWN_OS = UNIX_OS | {"js", "nacl", "plan9", "wasip1", "windows", "zos"}
KNOWN_ARCH = frozenset(
    "386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le mips64p32 "
    "mips64p32le ppc ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm".split()
)

Expr = Callable[[Callable[[str], bool]], bool]


class ConstraintSyntaxError(ValueError):
    """A `//go:build` expression the go command would refuse."""


def matches_tag(tag: str) -> bool:
    """Whether a build tag is satisfied for the sandbox's target (go/build's matchTag)."""
    if tag == "boringcrypto":
        tag = "goexperiment.boringcrypto"
    return (
        tag in (GOOS, GOARCH, COMPILER)
        or (tag == "unix" and GOOS in UNIX_OS)
        or tag in TOOL_TAGS
        or tag in RELEASE_TAGS
    )


_TOKEN = re.compile(r"[ \t]*(?:(?P<op>&&|\|\||[()!])|(?P<tag>[\w.]+)|(?P<bad>\S))", re.UNICODE)


def parse_expression(text: str) -> Expr:
    """A `//go:build` expression (`!`, `&&`, `||`, parentheses, tags) as a predicate."""
    tokens: list[str] = []
    position = 0
    while text[position:].strip(" \t"):
        match = _TOKEN.match(text, position)
        if match is None or match["bad"] is not None:
            raise ConstraintSyntaxError(f"invalid syntax at {text[position:].strip()[:1]!r}")
        tokens.append(match["op"] or match["tag"])
        position = match.end()
    parser = _Parser(tokens)
    expr = parser.or_()
    if parser.peek():
        raise ConstraintSyntaxError(f"unexpected token {parser.peek()}")
    return expr


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens, self.index = tokens, 0

    def peek(self) -> str:
        return self.tokens[self.index] if self.index < len(self.tokens) else ""

    def take(self) -> str:
        token = self.peek()
        self.index += 1
        return token

    def or_(self) -> Expr:
        return self.chain("||", self.and_, any)

    def and_(self) -> Expr:
        return self.chain("&&", self.not_, all)

    def chain(
        self, operator: str, operand: Callable[[], Expr], combine: Callable[..., bool]
    ) -> Expr:
        terms = [operand()]
        while self.peek() == operator:
            self.take()
            terms.append(operand())
        return terms[0] if len(terms) == 1 else lambda ok: combine(term(ok) for term in terms)

    def not_(self) -> Expr:
        if self.peek() != "!":
            return self.atom()
        self.take()
        if self.peek() == "!":
            raise ConstraintSyntaxError("double negation not allowed")
        inner = self.atom()
        return lambda ok: not inner(ok)

    def atom(self) -> Expr:
        token = self.take()
        if token == "(":
            inner = self.or_()
            if self.take() != ")":
                raise ConstraintSyntaxError("missing close paren")
            return inner
        if not token:
            raise ConstraintSyntaxError("unexpected end of expression")
        if token in ("&&", "||", ")", "!"):
            raise ConstraintSyntaxError(f"unexpected token {token}")
        return lambda ok: ok(token)


def _plus_build_expression(text: str) -> Expr:
    """A `// +build` line: space-separated alternatives of comma-separated terms."""

    def term(word: str) -> Expr:
        if word.startswith("!!") or word == "!":
            return lambda ok: ok("ignore")  # what go/build/constraint makes of these
        name = word.removeprefix("!")
        if not re.fullmatch(r"[\w.]+", name):
            name = "ignore"
        if word.startswith("!"):
            return lambda ok: not ok(name)
        return lambda ok: ok(name)

    clauses = [[term(word) for word in clause.split(",")] for clause in text.split()]
    if not clauses:
        return lambda ok: ok("ignore")
    return lambda ok: any(all(t(ok) for t in clause) for clause in clauses)


_GO_BUILD = re.compile(r"//go:build(?:[ \t]+(?P<expr>.*)|[ \t]*)$")
_PLUS_BUILD = re.compile(r"//[ \t]*\+build(?:[ \t]+(?P<expr>.*)|[ \t]*)$")


def _header(source: str) -> tuple[list[tuple[int, str]], int | None]:
    """The lines above the package clause, numbered from 0, with their text stripped, and
    the number of the line where `// +build` lines stop counting (the last blank line
    before the first line that is not a `//` comment). Port of go/build's parseFileHeader.
    """
    lines: list[tuple[int, str]] = []
    end: int | None = None
    ended = in_block_comment = False
    for number, raw in enumerate(source.split("\n")):
        line = raw.strip()
        if not line and not ended:
            end = number
            lines.append((number, line))
            continue
        if not line.startswith("//"):
            ended = True
        lines.append((number, line if not in_block_comment else ""))
        rest = line
        while rest:
            if in_block_comment:
                close = rest.find("*/")
                if close < 0:
                    break
                in_block_comment = False
                rest = rest[close + 2 :].strip()
            elif rest.startswith("//"):
                break
            elif rest.startswith("/*"):
                in_block_comment = True
                rest = rest[2:].strip()
            else:
                lines.pop()  # the package clause (or any code) ends the header
                return lines, end
    return lines, end


def _constraint_lines(source: str) -> tuple[list[int], list[int]]:
    """Numbers of the `//go:build` lines and of the `// +build` lines that count."""
    lines, end = _header(source)
    go_build = [number for number, line in lines if _GO_BUILD.match(line)]
    plus_build = [
        number
        for number, line in lines
        if end is not None and number < end and _PLUS_BUILD.match(line)
    ]
    return go_build, plus_build


def _go_build_expression(line: str) -> Expr:
    match = _GO_BUILD.match(line.strip())
    return parse_expression((match and match["expr"]) or "")


def satisfies_constraints(source: str) -> bool:
    """Whether the file's build constraint holds for the sandbox's target.

    A file whose constraint does not parse counts as included: the build reports it.
    """
    go_build, plus_build = _constraint_lines(source)
    lines = source.split("\n")
    if len(go_build) > 1:
        return True  # "multiple //go:build comments": the build reports it
    if go_build:
        try:
            return _go_build_expression(lines[go_build[0]])(matches_tag)
        except ConstraintSyntaxError:
            return True
    for number in plus_build:
        match = _PLUS_BUILD.match(lines[number].strip())
        if match and not _plus_build_expression(match["expr"] or "")(matches_tag):
            return False
    return True


def matches_file_name(name: str) -> bool:
    """Whether the file's name lets the build include it (goodOSArchFile, `_` and `.`)."""
    if name.startswith(("_", ".")):
        return False
    stem = name.split(".", 1)[0]
    if "_" not in stem:
        return True
    parts = stem[stem.index("_") :].split("_")
    if parts[-1] == "test":
        parts.pop()
    if len(parts) >= 2 and parts[-2] in KNOWN_OS and parts[-1] in KNOWN_ARCH:
        return matches_tag(parts[-2]) and matches_tag(parts[-1])
    if parts and (parts[-1] in KNOWN_OS or parts[-1] in KNOWN_ARCH):
        return matches_tag(parts[-1])
    return True


def included_in_build(name: str, source: str) -> bool:
    """Whether `go build .` / `go test` of the sandbox's package compiles this .go file."""
    return name.endswith(".go") and matches_file_name(name) and satisfies_constraints(source)


def files_in_build(files: Mapping[str, str]) -> dict[str, str]:
    """The .go files of `files` that the build includes."""
    return {name: text for name, text in files.items() if included_in_build(name, text)}


def without_constraints(source: str) -> str:
    """The source with its build constraint lines emptied to `//`, as `go run file.go`
    ignores them; line numbers stay the same. A constraint that does not parse is kept,
    since `go run` reports it too."""
    go_build, plus_build = _constraint_lines(source)
    if not go_build and not plus_build:
        return source
    lines = source.split("\n")
    try:
        for number in go_build:
            _go_build_expression(lines[number])
    except ConstraintSyntaxError:
        return source
    if len(go_build) > 1:
        return source
    for number in [*go_build, *plus_build]:
        lines[number] = "//"
    return "\n".join(lines)
