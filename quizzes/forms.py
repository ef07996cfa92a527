"""Read a learner's answer from a POST, by question type, with a clear message when the
answer cannot be read. The shapes match ``quizzes.questions.check_answer``."""

from django.http import QueryDict

from quizzes import questions as quiz_format
from quizzes.models import Question

MAX_TEXT_LENGTH = 4000


class InvalidAnswer(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _number(value: str, what: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise InvalidAnswer(f"“{value[:20]}” is not {what}: pick one on the page.") from None


def _option(value: str, count: int) -> int:
    index = _number(value, "one of the options")
    if not 0 <= index < count:
        raise InvalidAnswer(
            f"There is no option number {index + 1}: this question has {count} options."
        )
    return index


def _text(values: list[str], empty_message: str) -> str:
    if len(values) != 1:
        raise InvalidAnswer("Send one answer at a time.")
    text = values[0].replace("\r\n", "\n")
    if not text.strip():
        raise InvalidAnswer(empty_message)
    if len(text) > MAX_TEXT_LENGTH:
        raise InvalidAnswer(
            f"That answer is {len(text)} characters long; the limit is {MAX_TEXT_LENGTH}."
        )
    return text


def parse_answer(question: Question, data: QueryDict) -> object:
    """The answer in ``data["answer"]``: an option index, a sorted list of indexes, text,
    or a line number (from 1). Raises InvalidAnswer with a message for the learner."""
    values = data.getlist("answer")
    if question.type == quiz_format.SINGLE:
        if not values or not values[0].strip():
            raise InvalidAnswer("Choose an answer first.")
        if len(values) > 1:
            raise InvalidAnswer("This question has one right answer: choose only one option.")
        return _option(values[0], len(question.options))
    if question.type == quiz_format.MULTIPLE:
        if not values:
            raise InvalidAnswer("Tick at least one option.")
        return sorted({_option(value, len(question.options)) for value in values})
    if question.type == quiz_format.OUTPUT:
        return _text(values, "Type what the program prints first.")
    if question.type == quiz_format.BLANK:
        return _text(values, "Type your answer first.").strip()
    if question.type == quiz_format.BUG:
        if not values or not values[0].strip():
            raise InvalidAnswer("Click the line with the bug first.")
        if len(values) > 1:
            raise InvalidAnswer("The bug is on one line: choose only one.")
        line = _number(values[0], "a line of the code")
        lines = len(question.code.split("\n"))
        if not 1 <= line <= lines:
            raise InvalidAnswer(f"There is no line {line}: the code has lines 1 to {lines}.")
        return line
    raise InvalidAnswer("This question cannot be answered.")
