"""Write a lesson's parsed quiz.md into Question rows; called by the content sync.

Questions are matched by their ``#id`` within the lesson:

- a new id adds a question, its difficulty starting from the instructor's prior;
- an existing id is updated in place (text, options, hint, explanation, concepts). It
  keeps the difficulty learned from learners' answers unless its **answer key** changed:
  its type, its number of options or which are right, its code, its expected output, its
  accepted answers or its faulty line. Then it is a different question to answer and
  starts again from the prior. Rewording a prompt, fixing a typo in an option or
  improving an explanation keeps what was learned. While no learner has answered it yet,
  a new prior takes effect at once;
- an id no longer in the file marks the question removed (``removed_at``), never deleted:
  learners' answers and review cards keep pointing at it, and it comes back with its
  history if the id returns.

It runs inside the content sync's transaction: a quiz is written whole or not at all.
"""

import hashlib
import json

from django.utils import timezone

from content_pipeline.quiz_format import ParsedQuiz
from courses.markdown import render_text
from courses.models import Lesson
from quizzes import engine
from quizzes import questions as quiz_format
from quizzes.models import Question
from quizzes.questions import QuestionSpec
from quizzes.rendering import go_lines_html, inline_html


def sync_lesson_quiz(lesson: Lesson, quiz: ParsedQuiz | None) -> None:
    specs = quiz.questions if quiz is not None else []
    existing = {question.qid: question for question in Question.objects.filter(lesson=lesson)}
    for position, spec in enumerate(specs):
        question = existing.pop(spec.id, None)
        if question is None:
            question = Question(lesson=lesson, qid=spec.id)
            _fill(question, spec, position)
            question.difficulty = engine.prior_difficulty(spec.difficulty)
            question.save()
            continue
        if _unchanged(question, spec, position):
            continue
        key_changed = question.answer_key_hash != _answer_key_hash(spec)
        _fill(question, spec, position)
        if key_changed or question.evidence == 0:
            question.difficulty = engine.prior_difficulty(spec.difficulty)
            question.evidence = 0
        question.removed_at = None
        question.save()
    now = timezone.now()
    gone = [question.pk for question in existing.values() if question.removed_at is None]
    Question.objects.filter(pk__in=gone).update(removed_at=now)


def _unchanged(question: Question, spec: QuestionSpec, position: int) -> bool:
    return (
        question.source_hash == spec.source_hash
        and question.position == position
        and question.removed_at is None
    )


def answer_key(spec: QuestionSpec) -> dict:
    """What a learner's answer is checked against (stored as Question.answer_key)."""
    if spec.type in quiz_format.CHOICE_TYPES:
        return {"correct": [i for i, option in enumerate(spec.options) if option.correct]}
    if spec.type == quiz_format.OUTPUT:
        return {"output": spec.expected_output}
    if spec.type == quiz_format.BLANK:
        return {"accepted": spec.accepted_answers, "case_sensitive": spec.case_sensitive}
    return {"line": spec.bug_line}


def _answer_key_hash(spec: QuestionSpec) -> str:
    key = {
        "type": spec.type,
        "options": len(spec.options),
        "code": spec.code,
        "answers": answer_key(spec),
    }
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()


def _fill(question: Question, spec: QuestionSpec, position: int) -> None:
    question.position = position
    question.type = spec.type
    question.title = spec.title[:300]
    question.title_html = inline_html(spec.title)
    question.prompt_html = render_text(spec.prompt) if spec.prompt else ""
    question.explanation_html = render_text(spec.explanation)
    question.hint_html = render_text(spec.hint) if spec.hint else ""
    question.code = spec.code
    question.code_lines_html = go_lines_html(spec.code) if spec.code else []
    question.options = [
        {"text": option.text, "html": inline_html(option.text)} for option in spec.options
    ]
    question.answer_key = answer_key(spec)
    question.concepts = list(spec.concepts)
    question.prior_difficulty = spec.difficulty
    question.source_hash = spec.source_hash
    question.answer_key_hash = _answer_key_hash(spec)
