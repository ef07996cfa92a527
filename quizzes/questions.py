"""Quiz questions as the site checks them: the question types, a question's spec, and
the rules for comparing a learner's answer with it.

Pure Python, no Django. ``content_pipeline.quiz_format`` parses ``quiz.md`` files into
these specs; the quiz service checks answers against them.
"""

import re
from dataclasses import dataclass, field

SINGLE = "single"
MULTIPLE = "multiple"
OUTPUT = "output"
BLANK = "blank"
BUG = "bug"
QUESTION_TYPES = (SINGLE, MULTIPLE, OUTPUT, BLANK, BUG)
CHOICE_TYPES = (SINGLE, MULTIPLE)

DEFAULT_DIFFICULTY = 3

SPACES_RE = re.compile(r"[ \t]+")
WHITESPACE_RE = re.compile(r"\s+")


@dataclass
class OptionSpec:
    text: str  # markdown source
    correct: bool
    line: int


@dataclass
class QuestionSpec:
    id: str
    type: str  # one of QUESTION_TYPES
    title: str  # heading text (markdown) without the attributes
    prompt: str  # markdown source, without the answer parts, code and containers
    line: int  # line of the heading
    source_hash: str  # sha256 of the question's own lines: changes when the question does
    difficulty: int = DEFAULT_DIFFICULTY
    concepts: list[str] = field(default_factory=list)
    options: list[OptionSpec] = field(default_factory=list)  # single, multiple
    code: str = ""  # the Go snippet of output and bug questions
    code_line: int = 0  # line of its ```go fence, for errors about the snippet
    expected_output: str = ""  # output
    expected_output_line: int = 0  # line of the ```output fence
    is_full_program: bool = False  # output: the snippet has package main and func main
    accepted_answers: list[str] = field(default_factory=list)  # blank
    case_sensitive: bool = False  # blank
    bug_line: int | None = None  # bug: 1-based line within code
    explanation: str = ""  # markdown source
    hint: str = ""  # markdown source, or ""


def normalise_output(text: str) -> str:
    """Program output as compared: CRLF to LF, runs of spaces and tabs collapsed, trailing
    spaces dropped from each line, leading and trailing blank lines dropped."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [SPACES_RE.sub(" ", line).rstrip() for line in lines]
    return "\n".join(lines).strip("\n")


def normalise_blank(text: str, case_sensitive: bool = False) -> str:
    """A fill-in-the-blank answer as compared: trimmed, inner whitespace collapsed and,
    unless the question is case-sensitive, case-folded."""
    text = WHITESPACE_RE.sub(" ", text).strip()
    return text if case_sensitive else text.casefold()


def check_answer(question: QuestionSpec, answer: object) -> bool:
    """Whether ``answer`` is right. Answers by type: single, an option index (int, from 0);
    multiple, a collection of option indexes that must equal the correct set exactly;
    output and blank, a string; bug, a line number (int, from 1). A malformed answer is
    simply wrong."""
    if question.type == SINGLE:
        if not _is_int(answer) or not 0 <= answer < len(question.options):
            return False
        return question.options[answer].correct
    if question.type == MULTIPLE:
        if isinstance(answer, str | bytes) or not hasattr(answer, "__iter__"):
            return False
        chosen = list(answer)
        if not all(_is_int(i) for i in chosen):
            return False
        correct = {i for i, option in enumerate(question.options) if option.correct}
        return set(chosen) == correct
    if question.type == OUTPUT:
        if not isinstance(answer, str):
            return False
        return normalise_output(answer) == normalise_output(question.expected_output)
    if question.type == BLANK:
        if not isinstance(answer, str):
            return False
        given = normalise_blank(answer, question.case_sensitive)
        return any(
            given == normalise_blank(accepted, question.case_sensitive)
            for accepted in question.accepted_answers
        )
    if question.type == BUG:
        return _is_int(answer) and answer == question.bug_line
    return False


def guess_probability(question: QuestionSpec) -> float:
    """The chance of answering right by guessing: 1/n for single choice, 1/2**n for
    multiple choice, 1 over the non-blank lines of code for bug, 0 for typed answers."""
    if question.type == SINGLE:
        return 1 / len(question.options) if question.options else 0.0
    if question.type == MULTIPLE:
        return 1 / 2 ** len(question.options)
    if question.type == BUG:
        code_lines = [line for line in question.code.split("\n") if line.strip()]
        return 1 / len(code_lines) if code_lines else 0.0
    return 0.0


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
