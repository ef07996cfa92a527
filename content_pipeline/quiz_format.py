"""The quiz file format: ``quiz.md`` next to ``lesson.md``, parsed into question specs.

A quiz is plain markdown. Each ``##`` heading starts a question and carries its attributes
in mdit-py-plugins' attrs syntax at the end of the heading line::

    ## What does this print? {#print-verbs .output difficulty=2 concepts="fmt,printf-verbs"}

Everything under the heading up to the next ``##`` belongs to that question: the prompt
(ordinary markdown), the answer part for its type (task-list options, a ```` ```go ````
snippet with an ```` ```output ````, ```` ```answers ```` or ```` ```bug ```` block) and the
``::: explanation`` and ``::: hint`` containers. content/README.md documents the format
for instructors.

Pure Python, no Django: ``parse_quiz`` never raises on bad input; it collects every
problem as a ``ContentError`` with the line it is about and keeps going.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from markdown_it import MarkdownIt

from content_pipeline.errors import ContentError
from content_pipeline.front_matter import UnclosedFrontMatter, split_front_matter
from content_pipeline.quiz_questions import HEADING_EXAMPLE, QuestionParser
from content_pipeline.yaml_lines import YamlSyntaxError, load_located_yaml
from quizzes.questions import QuestionSpec

FRONT_MATTER_KEYS = ("title",)


@dataclass
class ParsedQuiz:
    title: str = ""
    # The valid questions, in file order. A file with errors must not be loaded.
    questions: list[QuestionSpec] = field(default_factory=list)
    errors: list[ContentError] = field(default_factory=list)


def parse_quiz(text: str, path: str) -> ParsedQuiz:
    """Parse the text of a ``quiz.md``; ``path`` (relative to content/) goes into errors."""
    return _QuizParser(text, path).parse()


@cache
def _document_parser() -> MarkdownIt:
    """Finds the question headings of the whole file."""
    return MarkdownIt("commonmark", {"html": False})


class _QuizParser:
    def __init__(self, text: str, path: str):
        self.path = path
        self.text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        self.lines = self.text.split("\n")
        self.result = ParsedQuiz()
        self.first_line_of_id: dict[str, int] = {}

    def error(self, line: int, message: str) -> None:
        self.result.errors.append(ContentError(self.path, line, message))

    def parse(self) -> ParsedQuiz:
        body_start = self.read_front_matter()
        # The front matter's lines are blanked, so that token line maps stay file lines.
        body = ["" if i < (body_start or 0) else line for i, line in enumerate(self.lines)]
        tokens = _document_parser().parse("\n".join(body))
        headings = [
            t.map[0]
            for t in tokens
            if t.type == "heading_open" and t.level == 0 and t.markup == "##" and t.map
        ]
        if not headings:
            self.error(0, f"no questions: start each one with a heading like `{HEADING_EXAMPLE}`")
            return self.result
        text_before = [i for i in range(headings[0]) if body[i].strip()]
        if text_before and body_start is not None:
            self.error(
                text_before[0] + 1,
                "text before the first question: put the quiz title in the front matter "
                "(title: ...) and start each question with a ## heading",
            )

        ends = headings[1:] + [len(self.lines)]
        for start, end in zip(headings, ends, strict=True):
            question = self.parse_question(start, end)
            if question is not None:
                self.result.questions.append(question)
        self.result.errors.sort(key=lambda e: e.line)
        return self.result

    def read_front_matter(self) -> int | None:
        """Read the optional front matter; return the index of the first line after it, or
        None when it is not closed."""
        try:
            split = split_front_matter(self.text)
        except UnclosedFrontMatter as exc:
            self.error(1, str(exc))
            return None
        if split.front_matter is None:
            return 0
        offset = 1  # YAML line n is file line n + 1, after the opening ---
        try:
            doc = load_located_yaml(split.front_matter)
        except YamlSyntaxError as exc:
            self.error(exc.line + offset, f"front matter: {exc.message}")
            return split.body_line_offset
        if doc.data is None:
            return split.body_line_offset
        if not isinstance(doc.data, dict):
            self.error(2, "front matter must be a mapping of fields, such as `title: ...`")
            return split.body_line_offset
        for key in doc.data:
            if key not in FRONT_MATTER_KEYS:
                known = ", ".join(FRONT_MATTER_KEYS)
                self.error(
                    doc.line_of(key) + offset, f"unknown front matter key {key!r}; known: {known}"
                )
        title = doc.data.get("title", "")
        if isinstance(title, str):
            self.result.title = title.strip()
        else:
            self.error(doc.line_of("title") + offset, "'title' must be text")
        return split.body_line_offset

    def parse_question(self, start: int, end: int) -> QuestionSpec | None:
        errors_before = len(self.result.errors)
        question = QuestionParser(self, start, end).parse()
        if len(self.result.errors) > errors_before:
            return None
        return question
