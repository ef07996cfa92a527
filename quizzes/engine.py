"""The adaptive quiz engine: plain functions over plain data, no Django.

The model is Elo-style, on the Rasch (one-parameter logistic) scale with a guessing floor::

    P(correct) = guess + (1 - guess) * sigmoid(skill - difficulty)

``guess`` is the chance of getting the question right by luck (1/options for a single
choice question, 0 for a typed answer). Skills and difficulties are logits: a learner
whose skill equals a typed question's difficulty has an even chance on it; the average
learner has skill 0, and an instructor's difficulty 3 is 0.

Skills. A learner has a skill per concept. A question tests one or more concepts, and
the skill it meets is the mean of the learner's skills on them. A concept the learner has
never answered borrows their mean skill on the lesson's concepts they have answered (0
before any answer).

Updates. After an answer, each concept of the question moves by ``step * gradient``,
where ``gradient`` is the derivative of the answer's log-likelihood with respect to
skill: ``(y - p) * (p - guess) / (p * (1 - guess))``. That is Elo's ``y - p`` when there
is no guessing, and less when luck could explain a right answer; it is positive for a
right answer and negative for a wrong one, always. The lesson's other concepts the
learner has answered move by ``spillover`` times as much: one answer is also evidence
about the lesson as a whole. On a learner's first attempt at a question, its difficulty
moves by ``-step * gradient``.

Steps shrink as evidence grows, ``rate / (1 + decay * n)``, like the variance of an
estimate after n observations: ``rate`` is the prior variance (learners' skills: about 1
logit squared; instructors' difficulty estimates: off by about 0.7 logits, so 0.5) and
``decay`` how fast answers pin it down. The skill rates were set so that a learner's
estimate follows the exact Bayesian posterior closely over the course's own 10-question
quizzes (see bench/quiz_simulation.py for the figures). A learner's steps never go below
``skill_rate_min``, because learners keep learning; a question's keep shrinking, because
its difficulty is a fixed property to converge on.

Choosing and stopping. The next question is the one predicted closest to
``target_success`` (0.75: hard enough to teach, easy enough to keep going), unseen ones
first, with small bonuses for concepts not asked yet in the attempt and for questions
with little evidence. An attempt ends with mastery once the learner's mean skill on the
lesson clears a bar (``mastery_skill`` plus a margin that shrinks to nothing at the last
question, because stopping on the first lucky streak would over-declare mastery), or after
``max_questions``.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

# Skills and difficulties stay within this many logits of the average: beyond it the model
# says nothing useful, and bounded values keep every probability strictly inside (0, 1).
BOUND = 6.0

MASTERED = "mastered"
MAX_QUESTIONS = "max_questions"

# The progress bar starts filling at this skill, a little below the average learner's.
PROGRESS_FLOOR = -0.5


@dataclass(frozen=True)
class Params:
    """The engine's tuning. The defaults are the course's values (``quizzes.service.PARAMS``);
    bench/quiz_simulation.py measures how they behave."""

    target_success: float = 0.75  # serve questions a learner gets right this often
    mastery_skill: float = 0.5  # the lesson's mean concept skill that counts as mastery
    mastery_margin: float = 0.3  # extra skill an early mastery needs (see mastery_bar)
    min_answers: int = 4  # answers in an attempt before mastery can be declared
    max_questions: int = 10  # an attempt ends after this many questions at most
    skill_rate: float = 1.0  # first step of a learner's skill: the prior variance of skills
    skill_rate_decay: float = 0.05  # steps shrink as rate / (1 + decay * answers)
    skill_rate_min: float = 0.5  # and never below this: learners keep learning
    spillover: float = 0.7  # share of a step given to the lesson's other answered concepts
    difficulty_rate: float = 0.5  # first step of a question's difficulty: the prior variance
    difficulty_rate_decay: float = 0.05
    prior_step: float = 0.8  # logits between two levels of the instructor's 1-5 prior
    coverage_weight: float = 0.1  # success-probability worth of testing a new concept
    exploration_weight: float = 0.1  # the same, of a question with no evidence yet
    recency_weight: float = 0.2  # penalty (same unit) on recently seen questions


@dataclass(frozen=True)
class QuestionState:
    id: Hashable
    concepts: tuple[str, ...]
    difficulty: float  # logits
    guess: float = 0.0  # in [0, 1)
    evidence: int = 0  # first attempts learned from


@dataclass(frozen=True)
class Skill:
    value: float = 0.0  # logits
    answers: int = 0


Skills = Mapping[str, Skill]


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def clamp(value: float, low: float = -BOUND, high: float = BOUND) -> float:
    return max(low, min(high, value))


def prior_difficulty(level: int, params: Params = Params()) -> float:
    """The instructor's 1-5 difficulty as logits: 3 is 0, each level ``prior_step`` apart."""
    return (level - 3) * params.prior_step


def probability(skill: float, difficulty: float, guess: float = 0.0) -> float:
    """P(correct), strictly between 0 and 1 for any skill and difficulty."""
    guess = clamp(guess, 0.0, 0.99)
    return guess + (1.0 - guess) * sigmoid(clamp(skill - difficulty, -30.0, 30.0))


def _gradient(correct: bool, p: float, guess: float) -> float:
    """d log P(answer) / d skill: positive when right, negative when wrong."""
    guess = clamp(guess, 0.0, 0.99)
    return ((1.0 if correct else 0.0) - p) * (p - guess) / (p * (1.0 - guess))


def answered_mean(skills: Skills, concepts: Iterable[str]) -> float:
    """The learner's mean skill over those of ``concepts`` they have answered (0 if none)."""
    values = [skills[c].value for c in set(concepts) if c in skills and skills[c].answers]
    return sum(values) / len(values) if values else 0.0


def effective_skill(skills: Skills, concept: str, lesson_concepts: Iterable[str] = ()) -> float:
    """A concept's skill, or the learner's mean on the lesson when it was never answered."""
    known = skills.get(concept)
    if known is not None and known.answers:
        return known.value
    return answered_mean(skills, lesson_concepts)


def question_skill(
    skills: Skills, question: QuestionState, lesson_concepts: Iterable[str] = ()
) -> float:
    """The skill the learner brings to ``question``: the mean over its concepts."""
    lesson_concepts = tuple(lesson_concepts)
    if not question.concepts:
        return answered_mean(skills, lesson_concepts)
    values = [effective_skill(skills, c, lesson_concepts) for c in question.concepts]
    return sum(values) / len(values)


def predict(skills: Skills, question: QuestionState, lesson_concepts: Iterable[str] = ()) -> float:
    skill = question_skill(skills, question, lesson_concepts)
    return probability(skill, question.difficulty, question.guess)


def skill_step(answers: int, params: Params = Params()) -> float:
    return max(params.skill_rate_min, params.skill_rate / (1.0 + params.skill_rate_decay * answers))


def difficulty_step(evidence: int, params: Params = Params()) -> float:
    return params.difficulty_rate / (1.0 + params.difficulty_rate_decay * evidence)


def update_skill(
    skills: Skills,
    question: QuestionState,
    correct: bool,
    params: Params = Params(),
    *,
    lesson_concepts: Iterable[str] = (),
    weight: float = 1.0,
) -> dict[str, Skill]:
    """The learner's skills after answering ``question``: a new mapping, with each of the
    question's concepts moved. ``weight`` in [0, 1] scales the step (a hint was used)."""
    lesson_concepts = tuple(lesson_concepts)
    p = predict(skills, question, lesson_concepts)
    gradient = _gradient(correct, p, question.guess) * clamp(weight, 0.0, 1.0)
    # Evidence about the learner: their answers on this concept, or on the whole lesson
    # when that is more (a concept met for the first time starts from the lesson mean).
    lesson_answers = sum(skills[c].answers for c in set(lesson_concepts) if c in skills)
    updated = dict(skills)
    for concept in set(question.concepts):
        answers = skills[concept].answers if concept in skills else 0
        start = effective_skill(skills, concept, lesson_concepts)
        step = skill_step(max(answers, lesson_answers), params)
        updated[concept] = Skill(clamp(start + step * gradient), answers + 1)
    for concept in set(lesson_concepts) - set(question.concepts):
        known = skills.get(concept)
        if known is None or not known.answers or not params.spillover:
            continue  # a concept never answered follows the lesson mean anyway
        step = params.spillover * skill_step(max(known.answers, lesson_answers), params)
        updated[concept] = Skill(clamp(known.value + step * gradient), known.answers)
    return updated


def update_difficulty(
    question: QuestionState, skill: float, correct: bool, params: Params = Params()
) -> QuestionState:
    """The question after a learner of ``skill`` answered it for the first time."""
    p = probability(skill, question.difficulty, question.guess)
    gradient = _gradient(correct, p, question.guess)
    step = difficulty_step(question.evidence, params)
    return replace(
        question,
        difficulty=clamp(question.difficulty - step * gradient),
        evidence=question.evidence + 1,
    )


def select_next_question(
    questions: Sequence[QuestionState],
    skills: Skills,
    params: Params = Params(),
    *,
    asked: Collection[Hashable] = (),
    covered: Collection[str] = (),
    last_seen: Mapping[Hashable, object] | None = None,
) -> QuestionState | None:
    """The question to ask next, or None when every one was asked in this attempt.

    Questions never seen by the learner come first; when all have been seen (in earlier
    attempts), the least recently seen ones are preferred. Among those, the one whose
    predicted success is closest to ``target_success`` wins, with a bonus for concepts not
    ``covered`` yet in this attempt, so that a quiz samples the whole lesson. Ties go to
    the earlier question in ``questions`` (file order).

    ``last_seen`` maps question ids to when the learner last answered them (any ordered
    values: datetimes, numbers).
    """
    last_seen = last_seen or {}
    lesson_concepts = {c for q in questions for c in q.concepts}
    pool = [q for q in questions if q.id not in asked]
    if not pool:
        return None
    unseen = [q for q in pool if q.id not in last_seen]
    recency: dict[Hashable, float] = {}
    if unseen:
        pool = unseen
    else:
        ordered = sorted(pool, key=lambda q: last_seen[q.id])  # type: ignore[arg-type,return-value]
        recency = {q.id: rank / len(ordered) for rank, q in enumerate(ordered)}

    def cost(q: QuestionState) -> float:
        p = predict(skills, q, lesson_concepts)
        new = sum(c not in covered for c in set(q.concepts)) / max(1, len(set(q.concepts)))
        unknown = 1.0 / (1.0 + params.difficulty_rate_decay * q.evidence)
        return (
            abs(p - params.target_success)
            - params.coverage_weight * new
            - params.exploration_weight * unknown
            + params.recency_weight * recency.get(q.id, 0.0)
        )

    position = {q.id: index for index, q in enumerate(questions)}
    return min(pool, key=lambda q: (cost(q), position[q.id]))


def attempt_limits(available: int, params: Params = Params()) -> tuple[int, int]:
    """(answers needed before mastery, most questions) for a bank of ``available``."""
    limit = max(1, min(params.max_questions, available))
    return min(params.min_answers, limit), limit


def mastery_decision(
    skills: Skills,
    lesson_concepts: Iterable[str],
    answered: int,
    available: int,
    params: Params = Params(),
) -> str | None:
    """MASTERED, MAX_QUESTIONS, or None to keep asking.

    Mastery: at least ``min_answers`` answers in this attempt and the learner's mean skill
    on the lesson's concepts at or above ``mastery_bar`` (``mastery_skill``, plus a margin
    for an early stop). An attempt never asks a question twice, so it also ends after
    ``max_questions`` or when the bank runs out.
    """
    needed, limit = attempt_limits(available, params)
    if answered >= needed and answered_mean(skills, lesson_concepts) >= mastery_bar(
        answered, available, params
    ):
        return MASTERED
    if answered >= limit:
        return MAX_QUESTIONS
    return None


def mastery_bar(answered: int, available: int, params: Params = Params()) -> float:
    """The skill that counts as mastery after ``answered`` answers: ``mastery_skill`` plus
    a margin that shrinks from ``mastery_margin`` at the first chance to nothing at the
    last question. Stopping as soon as an estimate crosses a line favours lucky streaks;
    an early stop has to clear the line by more."""
    needed, limit = attempt_limits(available, params)
    if limit <= needed:
        return params.mastery_skill
    remaining = clamp((limit - answered) / (limit - needed), 0.0, 1.0)
    return params.mastery_skill + params.mastery_margin * remaining


def mastery_progress(
    skills: Skills,
    lesson_concepts: Iterable[str],
    answered: int,
    available: int,
    params: Params = Params(),
) -> float:
    """How far along towards mastery, from 0 to 1: the way from ``PROGRESS_FLOOR`` up to
    the mastery bar, and no further than the share of the answers needed. A right answer
    moves it up, a wrong one down; it is 1 exactly when mastery is reached."""
    if mastery_decision(skills, lesson_concepts, answered, available, params) == MASTERED:
        return 1.0
    needed, _ = attempt_limits(available, params)
    bar = mastery_bar(answered, available, params)
    skill = answered_mean(skills, lesson_concepts)
    by_skill = clamp((skill - PROGRESS_FLOOR) / max(0.1, bar - PROGRESS_FLOOR), 0.0, 1.0)
    return min(answered / needed, by_skill, 0.99)
