"""The quiz service: glue between the quiz models and the engine, for the views.

Everything that reads or writes quiz rows lives here; ``quizzes.engine`` does the maths
on plain values, and the views only parse requests and render.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import fsrs
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from courses.models import Lesson
from quizzes import engine
from quizzes.models import Answer, ConceptSkill, Question, QuizAttempt, ReviewCard
from quizzes.questions import check_answer, guess_probability
from quizzes.sections import best_section, split_sections


class StaleQuestion(Exception):
    """The answered question is not the one the attempt is waiting for."""


# The engine's tuning; quizzes/engine.py explains each value and bench/quiz_simulation.py
# measures them.
PARAMS = engine.Params()
REVIEW_RETENTION = 0.9  # FSRS desired retention: the chance of recalling a card when due
ABANDON_AFTER_DAYS = 7  # an attempt idle this long counts as abandoned
# A hint makes an answer weaker evidence about the learner: it counts this much.
HINT_WEIGHT = 0.5


def review_scheduler() -> fsrs.Scheduler:
    # No same-day learning steps: a missed question comes back the next day at the
    # earliest, then at intervals that grow each time it is answered right.
    return fsrs.Scheduler(
        desired_retention=REVIEW_RETENTION,
        learning_steps=(),
        relearning_steps=(),
    )


# --- questions and skills -------------------------------------------------------------


def lesson_questions(lesson: Lesson) -> list[Question]:
    return list(Question.objects.active().filter(lesson=lesson).order_by("position"))


def has_quiz(lesson: Lesson) -> bool:
    return Question.objects.active().filter(lesson=lesson).exists()


def question_state(question: Question) -> engine.QuestionState:
    return engine.QuestionState(
        id=question.pk,
        concepts=tuple(question.concepts),
        difficulty=question.difficulty,
        guess=guess_probability(question.spec()),
        evidence=question.evidence,
    )


def concepts_of(questions: Iterable[Question]) -> tuple[str, ...]:
    """The concepts a quiz tests, in the order they first appear."""
    return tuple(dict.fromkeys(c for question in questions for c in question.concepts))


def load_skills(user: AbstractBaseUser, concepts: Iterable[str]) -> dict[str, engine.Skill]:
    rows = ConceptSkill.objects.filter(user=user, concept__in=set(concepts))
    return {row.concept: engine.Skill(row.skill, row.answers) for row in rows}


def _save_skills(
    user: AbstractBaseUser, before: dict[str, engine.Skill], after: dict[str, engine.Skill]
) -> None:
    for concept, skill in after.items():
        if before.get(concept) != skill:
            values = {"skill": skill.value, "answers": skill.answers}
            ConceptSkill.objects.update_or_create(user=user, concept=concept, defaults=values)


# --- attempts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AttemptStatus:
    answered: int
    correct: int
    needed: int  # answers before mastery can be declared
    limit: int  # most questions in the attempt
    progress: float  # 0..1 towards mastery

    @property
    def percent(self) -> int:
        return round(100 * self.progress)

    @property
    def number(self) -> int:
        """The number of the question on screen (or about to be)."""
        return min(self.answered + 1, self.limit)


def open_attempt(user: AbstractBaseUser, lesson: Lesson) -> QuizAttempt | None:
    """The learner's attempt in progress, if any; one left too long counts as abandoned."""
    attempt = QuizAttempt.objects.open().filter(user=user, lesson=lesson).first()
    if attempt is None:
        return None
    stale_after = timedelta(days=ABANDON_AFTER_DAYS)
    if attempt.last_activity_at < timezone.now() - stale_after:
        abandon(attempt)
        return None
    return attempt


def latest_finished(user: AbstractBaseUser, lesson: Lesson) -> QuizAttempt | None:
    return QuizAttempt.objects.finished().filter(user=user, lesson=lesson).first()


def has_mastered(user: AbstractBaseUser, lesson: Lesson) -> bool:
    return QuizAttempt.objects.filter(
        user=user, lesson=lesson, outcome=QuizAttempt.MASTERED
    ).exists()


def start_attempt(user: AbstractBaseUser, lesson: Lesson, *, restart: bool = False) -> QuizAttempt:
    """Start the quiz (recorded: the course-health figures count starts and finishes).
    Without ``restart``, an attempt already in progress is returned instead."""
    with transaction.atomic():
        current = open_attempt(user, lesson)
        if current is not None and not restart:
            return current
        if current is not None:
            abandon(current)
        return QuizAttempt.objects.create(user=user, lesson=lesson)


def abandon(attempt: QuizAttempt) -> None:
    attempt.outcome = QuizAttempt.ABANDONED
    attempt.current_question = None
    attempt.save(update_fields=["outcome", "current_question"])


def _last_seen(user: AbstractBaseUser, questions: list[Question]) -> dict[int, datetime]:
    rows = (
        Answer.objects.filter(user=user, question__in=questions)
        .values("question_id")
        .annotate(last=Max("answered_at"))
    )
    return {row["question_id"]: row["last"] for row in rows}


def question_limit(questions: list[Question]) -> int:
    """The most questions an attempt at this quiz asks."""
    return engine.attempt_limits(len(questions), PARAMS)[1]


def serve_question(attempt: QuizAttempt) -> Question | None:
    """The question the attempt is on, choosing the next one when it needs one. None when
    the quiz has none left to ask: the attempt is then concluded."""
    current = attempt.current_question
    if current is not None and current.removed_at is None:
        return current
    questions = lesson_questions(attempt.lesson)
    concepts = concepts_of(questions)
    asked = list(attempt.answers.values_list("question_id", flat=True))
    covered = {c for q in questions if q.pk in asked for c in q.concepts}
    chosen = engine.select_next_question(
        [question_state(q) for q in questions],
        load_skills(attempt.user, concepts),
        PARAMS,
        asked=set(asked),
        covered=covered,
        last_seen=_last_seen(attempt.user, questions),
    )
    if chosen is None:
        conclude(attempt)
        return None
    attempt.current_question = next(q for q in questions if q.pk == chosen.id)
    attempt.hint_used = False
    attempt.save(update_fields=["current_question", "hint_used"])
    return attempt.current_question


def conclude(attempt: QuizAttempt) -> None:
    """End an attempt whose quiz ran out of questions (some were removed from quiz.md
    while it was open) with the decision its answers support."""
    answered = attempt.answers.count()
    if not answered:
        abandon(attempt)
        return
    concepts = concepts_of(lesson_questions(attempt.lesson))
    decision = engine.mastery_decision(
        load_skills(attempt.user, concepts), concepts, answered, answered, PARAMS
    )
    attempt.finished_at = timezone.now()
    attempt.outcome = decision or QuizAttempt.MAX_QUESTIONS
    attempt.current_question = None
    attempt.save(update_fields=["finished_at", "outcome", "current_question"])


def attempt_status(attempt: QuizAttempt) -> AttemptStatus:
    questions = lesson_questions(attempt.lesson)
    concepts = concepts_of(questions)
    params = PARAMS
    answers = list(attempt.answers.values_list("correct", flat=True))
    needed, limit = engine.attempt_limits(len(questions), params)
    if attempt.outcome == QuizAttempt.MASTERED:
        progress = 1.0
    else:
        skills = load_skills(attempt.user, concepts)
        progress = engine.mastery_progress(skills, concepts, len(answers), len(questions), params)
    return AttemptStatus(len(answers), sum(answers), needed, limit, progress)


def record_hint(attempt: QuizAttempt) -> None:
    """The learner opened the hint of the current question: its answer will count less."""
    if not attempt.hint_used:
        attempt.hint_used = True
        attempt.save(update_fields=["hint_used"])


def _answer(
    user: AbstractBaseUser,
    question: Question,
    given: object,
    *,
    attempt: QuizAttempt | None,
    hint_used: bool,
    now: datetime,
) -> tuple[Answer, dict[str, engine.Skill], tuple[str, ...], int]:
    """Check an answer, learn from it and store it. Returns the answer, the learner's
    skills after it, the quiz's concepts and the number of active questions."""
    params = PARAMS
    questions = lesson_questions(question.lesson)
    concepts = concepts_of(questions)
    skills = load_skills(user, set(concepts) | set(question.concepts))
    state = question_state(question)
    predicted = engine.predict(skills, state, concepts)
    skill = engine.question_skill(skills, state, concepts)
    correct = check_answer(question.spec(), given)
    first = not Answer.objects.filter(user=user, question=question).exists()

    # A hint makes an answer weaker evidence about the learner, and none about the
    # question: its difficulty is learned from unaided first attempts only.
    weight = HINT_WEIGHT if hint_used else 1.0
    updated = engine.update_skill(
        skills, state, correct, params, lesson_concepts=concepts, weight=weight
    )
    _save_skills(user, skills, updated)
    if first and not hint_used:
        locked = Question.objects.select_for_update().get(pk=question.pk)
        learned = engine.update_difficulty(question_state(locked), skill, correct, params)
        Question.objects.filter(pk=question.pk).update(
            difficulty=learned.difficulty, evidence=learned.evidence
        )

    answer = Answer.objects.create(
        user=user,
        attempt=attempt,
        question=question,
        given=given,
        correct=correct,
        first_attempt=first,
        hint_used=hint_used,
        predicted=predicted,
        is_review=attempt is None,
        answered_at=now,
    )
    return answer, updated, concepts, len(questions)


def submit_answer(attempt: QuizAttempt, question: Question, given: object) -> Answer:
    """Answer the attempt's current question: update skills, the question's difficulty
    (first attempts only), schedule a review when wrong, and finish the attempt when the
    engine decides."""
    now = timezone.now()
    with transaction.atomic():
        attempt = QuizAttempt.objects.select_for_update().get(pk=attempt.pk)
        if not attempt.is_open or attempt.current_question_id != question.pk:
            raise StaleQuestion
        answer, skills, concepts, available = _answer(
            attempt.user, question, given, attempt=attempt, hint_used=attempt.hint_used, now=now
        )
        if not answer.correct:
            _review(attempt.user, question, fsrs.Rating.Again, now)
        answered = attempt.answers.count()
        decision = engine.mastery_decision(skills, concepts, answered, available, PARAMS)
        attempt.current_question = None
        attempt.hint_used = False
        attempt.last_activity_at = now
        if decision is not None:
            attempt.finished_at = now
            attempt.outcome = decision
        attempt.save()
    answer.attempt = attempt
    return answer


# --- spaced review ----------------------------------------------------------------------


def _review(user: AbstractBaseUser, question: Question, rating: fsrs.Rating, now: datetime):
    card = ReviewCard.objects.filter(user=user, question=question).first()
    if card is None:
        card = ReviewCard(user=user, question=question, created_at=now)
        state = fsrs.Card(card_id=question.pk, due=now)
    else:
        state = fsrs.Card.from_dict(card.card)
        card.reviews += 1
        card.lapses += rating == fsrs.Rating.Again
        card.last_reviewed_at = now
    state, _ = review_scheduler().review_card(state, rating, now)
    card.card = state.to_dict()
    card.due = state.due
    card.save()
    return card


def due_cards(user: AbstractBaseUser, now: datetime | None = None):
    return ReviewCard.objects.due(now).filter(user=user).select_related("question__lesson__course")


def due_count(user: AbstractBaseUser) -> int:
    return ReviewCard.objects.due().filter(user=user).count()


def next_due(user: AbstractBaseUser) -> datetime | None:
    card = ReviewCard.objects.active().filter(user=user).order_by("due").first()
    return card.due if card else None


def submit_review(card: ReviewCard, given: object) -> Answer:
    """Answer a due review: FSRS reschedules it (Good when right, Again when wrong) and
    the learner's skills move as for any answer."""
    now = timezone.now()
    with transaction.atomic():
        card = ReviewCard.objects.select_for_update().get(pk=card.pk)
        if card.due > now:
            raise StaleQuestion
        answer, _, _, _ = _answer(
            card.user, card.question, given, attempt=None, hint_used=False, now=now
        )
        rating = fsrs.Rating.Good if answer.correct else fsrs.Rating.Again
        _review(card.user, card.question, rating, now)
    return answer


# --- results ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionToRevisit:
    anchor: str
    text: str
    concepts: tuple[str, ...]


def sections_to_revisit(attempt: QuizAttempt, limit: int = 3) -> list[SectionToRevisit]:
    """The lesson sections about the concepts the learner is weakest on: first those of
    the questions missed in this attempt, then any below the mastery skill."""
    lesson = attempt.lesson
    concepts = concepts_of(lesson_questions(lesson))
    skills = load_skills(attempt.user, concepts)
    missed = {
        c
        for answer in attempt.answers.filter(correct=False).select_related("question")
        for c in answer.question.concepts
    }
    threshold = PARAMS.mastery_skill

    def skill(concept: str) -> float:
        return engine.effective_skill(skills, concept, concepts)

    weak = [c for c in concepts if c in missed or skill(c) < threshold]
    weak.sort(key=lambda c: (c not in missed, skill(c)))
    sections = split_sections(lesson.html, lesson.toc)
    found: dict[str, SectionToRevisit] = {}
    for concept in weak:
        section = best_section(sections, concept)
        if section is None:
            continue
        if section.anchor in found:
            entry = found[section.anchor]
            found[section.anchor] = SectionToRevisit(
                entry.anchor, entry.text, (*entry.concepts, concept)
            )
        elif len(found) < limit:
            found[section.anchor] = SectionToRevisit(section.anchor, section.text, (concept,))
    return list(found.values())


# --- the quiz as the lesson page shows it ------------------------------------------------

NO_QUIZ, NOT_STARTED, IN_PROGRESS, MASTERED = "none", "not-started", "in-progress", "mastered"


def lesson_quiz_state(user: AbstractBaseUser, lesson: Lesson) -> str:
    if not has_quiz(lesson):
        return NO_QUIZ
    if not user.is_authenticated:
        return NOT_STARTED
    if open_attempt(user, lesson) is not None:
        return IN_PROGRESS
    if has_mastered(user, lesson):
        return MASTERED
    return NOT_STARTED
