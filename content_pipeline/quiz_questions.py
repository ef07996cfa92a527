"""One question of a ``quiz.md``: its ``##`` heading with the attributes, then its body.

``content_pipeline.quiz_format`` splits the file at the question headings and hands each
range of lines to a ``QuestionParser``, which fills in a ``QuestionSpec`` and reports
what is wrong through the file parser, with file line numbers.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from functools import cache
from typing import Protocol

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs.parse import ParseError as AttrsParseError
from mdit_py_plugins.attrs.parse import parse as parse_attrs
from mdit_py_plugins.container import container_plugin

from quizzes.questions import (
    BLANK,
    BUG,
    CHOICE_TYPES,
    OUTPUT,
    QUESTION_TYPES,
    SINGLE,
    OptionSpec,
    QuestionSpec,
)

CASE_SENSITIVE = "case-sensitive"  # a flag class, for blank questions only
CONTAINERS = ("explanation", "hint")
ATTRIBUTE_KEYS = ("difficulty", "concepts")

ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
CONCEPT_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
TASK_RE = re.compile(r"\[([ xX])\](?:[ \t]|$)")
LIST_MARKER_RE = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+")
TASK_MARKER_RE = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[[ xX]\][ \t]?")
CONTAINER_CLOSE_RE = re.compile(r" {0,3}:{3,}[ \t]*")
PACKAGE_MAIN_RE = re.compile(r"^[ \t]*package[ \t]+main\b", re.MULTILINE)
FUNC_MAIN_RE = re.compile(r"^[ \t]*func[ \t]+main[ \t]*\([ \t]*\)", re.MULTILINE)

TYPE_LIST = ", ".join(f".{t}" for t in QUESTION_TYPES)
HEADING_EXAMPLE = "## Title {#some-id .single difficulty=2 concepts=some-concept}"


class QuizFile(Protocol):
    """What a question needs from the file it is in."""

    lines: list[str]
    # Question ids are unique in a file: the heading line that first used each one.
    first_line_of_id: dict[str, int]

    def error(self, line: int, message: str) -> None: ...


@cache
def _question_parser() -> MarkdownIt:
    """Reads one question. The container accepts any name, so that unknown ones get
    reported instead of silently becoming paragraphs."""
    return MarkdownIt("commonmark", {"html": False}).use(
        container_plugin, "quiz", validate=lambda params, markup: True
    )


def _top_level_blocks(tokens: list[Token]) -> Iterator[tuple[int, int]]:
    """(start, end) token index ranges of the blocks at the top level of the document."""
    i = 0
    while i < len(tokens):
        start = i
        if tokens[i].nesting == 1:
            depth = 0
            while True:
                depth += tokens[i].nesting
                if depth == 0:
                    break
                i += 1
        i += 1
        yield start, i


def _strip_blank_lines(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


def _fence_is_closed(token: Token, lines: list[str]) -> bool:
    start, end = token.map or (0, 0)
    if end - 1 <= start or end - 1 >= len(lines):
        return False
    closing = lines[end - 1].strip()
    char = token.markup[0]
    return len(closing) >= len(token.markup) and closing == char * len(closing)


class QuestionParser:
    """Reads the lines [start, end) of the file: one question, its heading first."""

    def __init__(self, quiz: QuizFile, start: int, end: int):
        self.quiz = quiz
        self.start = start
        self.lines = quiz.lines[start:end]
        self.heading_line = start + 1
        self.question = QuestionSpec(
            id="", type="", title="", prompt="", line=self.heading_line, source_hash=""
        )
        self.consumed: list[tuple[int, int]] = [(0, 1)]  # local line ranges not in the prompt
        self.part_lines: dict[str, int] = {}  # name of an answer part -> file line

    def error(self, local_line: int, message: str) -> None:
        self.quiz.error(self.start + local_line + 1, message)

    def heading_error(self, message: str) -> None:
        self.quiz.error(self.heading_line, message)

    def parse(self) -> QuestionSpec:
        q = self.question
        own_lines = _strip_blank_lines(self.lines)
        q.source_hash = hashlib.sha256("\n".join(own_lines).encode()).hexdigest()
        has_attributes = self.read_heading(self.lines[0])

        tokens = _question_parser().parse("\n".join(self.lines))
        for first, last in _top_level_blocks(tokens):
            block = tokens[first:last]
            if block[0].type == "heading_open" and block[0].map and block[0].map[0] == 0:
                continue
            self.read_block(block)

        q.prompt = self.prompt_source()
        q.code_line = self.part_lines.get("go", 0)
        q.expected_output_line = self.part_lines.get("output", 0)
        if has_attributes:
            self.check_parts()
        if "explanation" not in self.part_lines:
            self.heading_error("no explanation: add a ::: explanation container")
        return q

    # The heading: "## Title {#id .type .flag key=value}"

    def read_heading(self, line: str) -> bool:
        # attrs_plugin only attaches {...} after inline code, links and images, and
        # attrs_block_plugin wants them on the line above; a heading's trailing attributes
        # are read with the plugins' own parser, so the syntax is exactly theirs.
        q = self.question
        content = line.strip().removeprefix("##").strip()
        content = re.sub(r"[ \t]+#+$", "", content)  # an optional closing sequence of #
        brace = content.rfind("{")
        attrs: dict[str, str] | None = None
        if brace != -1 and content.endswith("}"):
            try:
                end, attrs = parse_attrs(content[brace:])
            except AttrsParseError as exc:
                self.heading_error(f"cannot read the attributes {content[brace:]}: {exc}")
                return False
            if content[brace + end + 1 :].strip():
                attrs = None
        if attrs is None:
            q.title = content
            self.heading_error(
                f"the question has no attributes: end its heading like `{HEADING_EXAMPLE}`"
            )
            return False

        q.title = content[:brace].strip()
        if not q.title:
            self.heading_error("the question has no title: write it before the attributes")
        self.read_id(attrs.pop("id", ""))
        self.read_classes(attrs.pop("class", "").split())
        self.read_difficulty(attrs.pop("difficulty", None))
        self.read_concepts(attrs.pop("concepts", ""))
        for key in attrs:
            known = ", ".join(["#id", ".type", *(f"{k}=" for k in ATTRIBUTE_KEYS)])
            self.heading_error(f"unknown attribute '{key}'; known: {known}")
        return True

    def read_id(self, question_id: str) -> None:
        if not question_id:
            self.heading_error("the question has no id: add one like {#main-needs}")
            return
        self.question.id = question_id
        if not ID_RE.fullmatch(question_id):
            self.heading_error(
                f"bad question id '{question_id}': use lowercase letters, digits and hyphens, "
                "starting with a letter or digit"
            )
        first = self.quiz.first_line_of_id.setdefault(question_id, self.heading_line)
        if first != self.heading_line:
            self.heading_error(
                f"duplicate question id '{question_id}' (first used on line {first})"
            )

    def read_classes(self, classes: list[str]) -> None:
        q = self.question
        types = [c for c in classes if c != CASE_SENSITIVE]
        q.case_sensitive = CASE_SENSITIVE in classes
        if not types:
            self.heading_error(f"the question has no type: add one of {TYPE_LIST}")
        elif len(types) > 1:
            found = " and ".join(f".{t}" for t in types)
            self.heading_error(f"a question has one type; found {found}")
        elif types[0] not in QUESTION_TYPES:
            self.heading_error(f"unknown question type '.{types[0]}'; use one of {TYPE_LIST}")
        else:
            q.type = types[0]
        if q.case_sensitive and q.type and q.type != BLANK:
            self.heading_error(f".{CASE_SENSITIVE} only applies to .{BLANK} questions")

    def read_difficulty(self, value: str | None) -> None:
        if value is None:
            return
        if re.fullmatch(r"[1-5]", value.strip()):
            self.question.difficulty = int(value)
        else:
            self.heading_error(f"difficulty must be a whole number from 1 to 5, not '{value}'")

    def read_concepts(self, value: str) -> None:
        concepts = [c.strip() for c in value.split(",") if c.strip()]
        if not concepts:
            self.heading_error('no concepts: add concepts="slug,other-slug" to the attributes')
        for concept in concepts:
            if not CONCEPT_RE.fullmatch(concept):
                self.heading_error(
                    f"bad concept '{concept}': use a kebab-case slug such as for-loops"
                )
            elif concept not in self.question.concepts:
                self.question.concepts.append(concept)

    # The body: prompt, answer parts and containers

    def read_block(self, block: list[Token]) -> None:
        token = block[0]
        if token.map is None:
            return
        if token.type == "fence":
            self.read_fence(token)
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            self.read_list(block)
        elif token.type == "container_quiz_open":
            self.read_container(token)

    def claim_part(self, name: str, local_line: int, what: str) -> bool:
        """Record an answer part; report a second one. False when it is a duplicate."""
        line = self.start + local_line + 1
        if name in self.part_lines:
            self.error(
                local_line, f"a second {what} (the first is on line {self.part_lines[name]})"
            )
            return False
        self.part_lines[name] = line
        return True

    def read_fence(self, token: Token) -> None:
        q = self.question
        start, end = token.map or (0, 0)
        language = token.info.split()[0] if token.info.strip() else ""
        if not _fence_is_closed(token, self.lines):
            self.error(
                start, f"this code block is not closed: end it with a line holding {token.markup}"
            )
        answer_fences = {"output": OUTPUT, "answers": BLANK, "bug": BUG}
        if language in answer_fences:
            self.consumed.append((start, end))
            wanted = answer_fences[language]
            if q.type and q.type != wanted:
                self.error(start, f"a ```{language} block belongs in a .{wanted} question only")
                return
            if not self.claim_part(language, start, f"```{language} block"):
                return
            content = token.content.removesuffix("\n")
            if language == "output":
                q.expected_output = content
                if not content.strip():
                    self.error(start, "the ```output block is empty")
            elif language == "answers":
                q.accepted_answers = [a.strip() for a in content.split("\n") if a.strip()]
                if not q.accepted_answers:
                    self.error(start, "the ```answers block is empty: list one answer per line")
            else:
                self.read_bug_line(content, start)
        elif language == "go" and q.type in (OUTPUT, BUG):
            self.consumed.append((start, end))
            if self.claim_part("go", start, "```go block"):
                q.code = token.content.removesuffix("\n")
                q.is_full_program = q.type == OUTPUT and bool(
                    PACKAGE_MAIN_RE.search(q.code) and FUNC_MAIN_RE.search(q.code)
                )

    def read_bug_line(self, content: str, local_line: int) -> None:
        value = content.strip()
        if not value:
            self.error(local_line, "the ```bug block is empty: write the number of the faulty line")
            return
        if not re.fullmatch(r"\d+", value):
            self.error(local_line, f"the ```bug block must hold one line number, not '{value}'")
            return
        self.question.bug_line = int(value)
        value_line = next(i for i, line in enumerate(content.split("\n")) if line.strip())
        self.part_lines["bug-value"] = self.start + local_line + 2 + value_line

    def read_list(self, block: list[Token]) -> None:
        items: list[tuple[Token, bool | None]] = []  # (list_item_open, correct or None)
        for i, token in enumerate(block):
            if token.type != "list_item_open" or token.level != 1:
                continue
            inline = block[i + 2] if i + 2 < len(block) else None
            is_paragraph = block[i + 1].type == "paragraph_open" if i + 1 < len(block) else False
            match = TASK_RE.match(inline.content) if inline and is_paragraph else None
            items.append((token, match.group(1) != " " if match else None))
        if all(correct is None for _, correct in items):
            return  # an ordinary list: part of the prompt

        start, end = block[0].map or (0, 0)
        self.consumed.append((start, end))
        q = self.question
        if q.type and q.type not in CHOICE_TYPES:
            self.error(
                start, "options ([ ] and [x] items) belong in .single and .multiple questions"
            )
            return
        if not self.claim_part("options", start, "list of options"):
            return
        for item, correct in items:
            item_start, item_end = item.map or (0, 0)
            if correct is None:
                self.error(item_start, "an option must start with [ ] or, when correct, [x]")
                continue
            text = self.option_text(item_start, item_end)
            if not text:
                self.error(item_start, "this option has no text")
            q.options.append(
                OptionSpec(text=text, correct=correct, line=self.start + item_start + 1)
            )

    def option_text(self, start: int, end: int) -> str:
        lines = _strip_blank_lines(self.lines[start:end])
        if not lines:
            return ""
        marker = LIST_MARKER_RE.match(lines[0])
        indent = len(marker.group(0)) if marker else 0
        first = TASK_MARKER_RE.sub("", lines[0], count=1)
        rest = [line[min(indent, len(line) - len(line.lstrip(" "))) :] for line in lines[1:]]
        return "\n".join([first, *rest]).strip()

    def read_container(self, token: Token) -> None:
        start, end = token.map or (0, 0)
        closed = end < len(self.lines) and CONTAINER_CLOSE_RE.fullmatch(self.lines[end])
        self.consumed.append((start, end + 1 if closed else end))
        name = token.info.strip().split()[0] if token.info.strip() else ""
        if not closed:
            opening = f"::: {name}" if name else ":::"
            self.error(start, f"{opening} is not closed: end it with a line holding :::")
        if name not in CONTAINERS:
            valid = " or ".join(f"::: {c}" for c in CONTAINERS)
            if name:
                self.error(start, f"unknown container '::: {name}'; use {valid}")
            else:
                self.error(start, f"a ::: line without a name: open {valid}, and close it with :::")
            return
        if not self.claim_part(name, start, f"::: {name}"):
            return
        body = "\n".join(_strip_blank_lines(self.lines[start + 1 : end]))
        if name == "explanation":
            self.question.explanation = body
        else:
            self.question.hint = body
        if not body:
            self.error(start, f"the ::: {name} is empty")

    def prompt_source(self) -> str:
        """The question's lines minus the heading and the parts read separately; what is left
        between them is joined with one blank line."""
        taken = [False] * len(self.lines)
        for start, end in self.consumed:
            for i in range(start, min(end, len(self.lines))):
                taken[i] = True
        segments: list[list[str]] = [[]]
        for line, is_taken in zip(self.lines, taken, strict=True):
            if is_taken:
                if segments[-1]:
                    segments.append([])
            else:
                segments[-1].append(line)
        kept = ["\n".join(_strip_blank_lines(s)) for s in segments]
        return "\n\n".join(s for s in kept if s)

    def check_parts(self) -> None:
        """Report what the question's type needs and the body does not have."""
        q = self.question
        if q.type in CHOICE_TYPES and "options" in self.part_lines:
            correct = [o for o in q.options if o.correct]
            if len(q.options) < 2:
                self.heading_error("a choice question needs at least two options")
            if not correct:
                self.heading_error("no correct option: mark the right one with [x]")
            if q.type == SINGLE:
                for option in correct[1:]:
                    self.quiz.error(
                        option.line,
                        "a second [x] option in a .single question (the first is on line "
                        f"{correct[0].line}); use .multiple for several right answers",
                    )
        elif q.type in CHOICE_TYPES:
            self.heading_error("no options: list them as - [ ] wrong and - [x] right")
        if q.type in (OUTPUT, BUG) and "go" not in self.part_lines:
            self.heading_error(f"a .{q.type} question needs a ```go block with the code")
        if q.type == OUTPUT and "output" not in self.part_lines:
            self.heading_error("no ```output block with the expected output")
        if q.type == BLANK and "answers" not in self.part_lines:
            self.heading_error("no ```answers block: list the accepted answers, one per line")
        if q.type == BUG and "bug" not in self.part_lines:
            self.heading_error("no ```bug block with the number of the faulty line")
        if q.type == BUG and q.bug_line is not None and "go" in self.part_lines:
            code_lines = q.code.split("\n")
            line = self.part_lines["bug-value"]
            if not 1 <= q.bug_line <= len(code_lines):
                self.quiz.error(
                    line,
                    f"bug line {q.bug_line} is outside the ```go block (lines 1-{len(code_lines)})",
                )
            elif not code_lines[q.bug_line - 1].strip():
                self.quiz.error(line, f"bug line {q.bug_line} is a blank line of the ```go block")
