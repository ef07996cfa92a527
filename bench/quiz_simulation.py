"""Simulate learners taking a quiz: the adaptive engine against fixed-order quizzes.

Learners of known skill answer a bank of questions of known true difficulty, drawing each
answer from the model's own probability. Every strategy sees the same learners in the
same order and uses the same engine to update skills and difficulties; they differ only
in which question comes next and when the quiz stops:

- adaptive: ``quizzes.engine.select_next_question``, stopping by
  ``quizzes.engine.mastery_decision`` (mastery, or the maximum number of questions);
- fixed order: the questions in file order, easiest first as instructors write them,
  stopping by the same rule;
- fixed, whole quiz: file order, always the maximum number of questions, the mastery
  decision taken at the end (a classic quiz, for reference).

Printed for each strategy:

(a) mean absolute error of the learned question difficulties after 50, 200 and 1000
    learners (and of the instructors' priors, before any learner);
(b) the share of served questions whose true success probability is in [0.6, 0.9];
(c) the mean number of questions to a mastery decision;
(d) the share of decisions (mastered / not mastered) that agree with the learner's true
    skill on the lesson's concepts.

Seeded and reproducible; takes about 20 seconds:

    .venv/bin/python bench/quiz_simulation.py [--seed 2026] [--runs 5] [--learners 1000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quizzes import engine  # noqa: E402
from quizzes.engine import Params, QuestionState, Skill  # noqa: E402

CHECKPOINTS = (50, 200, 1000)
BAND = (0.6, 0.9)
# Question types as the course uses them: (share, chance of guessing right).
TYPES = (
    (0.35, 1 / 4),  # single choice, four options
    (0.15, 1 / 16),  # multiple choice, four options
    (0.25, 0.0),  # predict the output
    (0.15, 0.0),  # fill in the blank
    (0.10, 1 / 8),  # click the faulty line, of eight
)
PRIOR_ERROR = 0.7  # logits: how far instructors' 1-5 estimates are from the truth (sd)
SKILL_SD = 1.0  # spread of learners' general skill
CONCEPT_SD = 0.35  # spread of a learner's concepts around their general skill


@dataclass(frozen=True)
class Bank:
    questions: tuple[QuestionState, ...]  # as the engine starts: difficulty from the prior
    true_difficulty: dict[int, float]
    concepts: tuple[str, ...]


@dataclass(frozen=True)
class Learner:
    skills: dict[str, float]  # true skill per concept

    def lesson_skill(self, concepts: tuple[str, ...]) -> float:
        return statistics.fmean(self.skills[c] for c in concepts)

    def p_correct(self, question: QuestionState, difficulty: float) -> float:
        skill = statistics.fmean(self.skills[c] for c in question.concepts)
        return engine.probability(skill, difficulty, question.guess)


@dataclass
class Outcome:
    mae: dict[int, float] = field(default_factory=dict)
    served: int = 0
    in_band: int = 0
    questions: list[int] = field(default_factory=list)
    strong: list[int] = field(default_factory=list)  # questions, true skill >= T + 1
    weak: list[int] = field(default_factory=list)  # questions, true skill <= T - 1
    agree: int = 0
    mastered: int = 0
    truly_mastered: int = 0
    false_mastery: int = 0
    missed_mastery: int = 0


Chooser = Callable[[list[QuestionState], dict[str, Skill], list[int], set[str]], QuestionState]


@dataclass(frozen=True)
class Strategy:
    name: str
    choose: Chooser
    stops_early: bool


def adaptive(params: Params) -> Chooser:
    def choose(bank, skills, asked, covered):
        chosen = engine.select_next_question(bank, skills, params, asked=asked, covered=covered)
        assert chosen is not None
        return chosen

    return choose


def file_order(bank, skills, asked, covered) -> QuestionState:
    return bank[len(asked)]


def make_bank(rng: random.Random, size: int, n_concepts: int, params: Params) -> Bank:
    concepts = tuple(f"concept-{i + 1}" for i in range(n_concepts))
    questions, truth = [], {}
    for index in range(size):
        level = 1 + index * 5 // size  # file order: easiest first
        tested = [concepts[index % n_concepts]]
        if rng.random() < 0.3:
            tested.append(rng.choice([c for c in concepts if c not in tested]))
        guess = rng.choices([g for _, g in TYPES], weights=[w for w, _ in TYPES])[0]
        prior = engine.prior_difficulty(level, params)
        questions.append(QuestionState(index, tuple(tested), prior, guess))
        truth[index] = prior + rng.gauss(0.0, PRIOR_ERROR)
    return Bank(tuple(questions), truth, concepts)


def make_learners(rng: random.Random, count: int, concepts: tuple[str, ...]) -> list[Learner]:
    learners = []
    for _ in range(count):
        general = rng.gauss(0.0, SKILL_SD)
        learners.append(Learner({c: general + rng.gauss(0.0, CONCEPT_SD) for c in concepts}))
    return learners


def take_quiz(
    learner: Learner,
    bank: list[QuestionState],
    truth: Bank,
    strategy: Strategy,
    rng: random.Random,
    params: Params,
    outcome: Outcome,
) -> None:
    """One learner takes the quiz; ``bank`` learns from their answers in place."""
    skills: dict[str, Skill] = {}
    asked: list[int] = []
    covered: set[str] = set()
    _, limit = engine.attempt_limits(len(bank), params)
    while True:
        question = strategy.choose(bank, skills, asked, covered)
        p_true = learner.p_correct(question, truth.true_difficulty[question.id])
        outcome.served += 1
        outcome.in_band += BAND[0] <= p_true <= BAND[1]
        correct = rng.random() < p_true
        skill = engine.question_skill(skills, question, truth.concepts)
        bank[question.id] = engine.update_difficulty(question, skill, correct, params)
        skills = engine.update_skill(
            skills, question, correct, params, lesson_concepts=truth.concepts
        )
        asked.append(question.id)
        covered.update(question.concepts)
        decision = engine.mastery_decision(skills, truth.concepts, len(asked), len(bank), params)
        if strategy.stops_early and decision is not None:
            break
        if len(asked) >= limit:
            break

    true_skill = learner.lesson_skill(truth.concepts)
    truly = true_skill >= params.mastery_skill
    declared = decision == engine.MASTERED
    outcome.questions.append(len(asked))
    if true_skill >= params.mastery_skill + 1:
        outcome.strong.append(len(asked))
    elif true_skill <= params.mastery_skill - 1:
        outcome.weak.append(len(asked))
    outcome.agree += declared == truly
    outcome.mastered += declared
    outcome.truly_mastered += truly
    outcome.false_mastery += declared and not truly
    outcome.missed_mastery += truly and not declared


def mae(bank: list[QuestionState], truth: Bank) -> float:
    return statistics.fmean(abs(q.difficulty - truth.true_difficulty[q.id]) for q in bank)


def simulate(
    seed: int, learners: int, bank_size: int, n_concepts: int, params: Params
) -> dict[str, Outcome]:
    rng = random.Random(seed)
    truth = make_bank(rng, bank_size, n_concepts, params)
    population = make_learners(rng, learners, truth.concepts)
    strategies = (
        Strategy("adaptive", adaptive(params), stops_early=True),
        Strategy("fixed order", file_order, stops_early=True),
        Strategy("fixed, whole quiz", file_order, stops_early=False),
    )
    outcomes = {}
    for strategy in strategies:
        bank = list(truth.questions)
        outcome = Outcome(mae={0: mae(bank, truth)})
        answers = random.Random(seed * 7919 + 1)  # the same stream of draws for each
        for count, learner in enumerate(population, start=1):
            take_quiz(learner, bank, truth, strategy, answers, params, outcome)
            if count in CHECKPOINTS:
                outcome.mae[count] = mae(bank, truth)
        outcomes[strategy.name] = outcome
    return outcomes


def report(runs: list[dict[str, Outcome]], learners: int) -> list[str]:
    names = list(runs[0])
    width = 20

    def cell(values: list[float], percent: bool) -> str:
        scale = 100 if percent else 1
        mean = statistics.fmean(values) * scale
        spread = statistics.stdev(values) * scale if len(values) > 1 else 0.0
        return f"{mean:5.1f}% ± {spread:3.1f}" if percent else f"{mean:5.2f} ± {spread:4.2f}"

    def row(label: str, get: Callable[[Outcome], float], percent: bool = False) -> str:
        values = [cell([get(run[name]) for run in runs], percent) for name in names]
        return f"{label:<42}" + "".join(f"{value:>{width}}" for value in values)

    def mean_of(values: list[int]) -> float:
        return statistics.fmean(values) if values else float("nan")

    lines = [f"{'':<42}" + "".join(f"{name:>{width}}" for name in names)]
    lines.append(row("(a) difficulty MAE, instructors' priors", lambda o: o.mae[0]))
    for checkpoint in (c for c in CHECKPOINTS if c <= learners):
        lines.append(row(f"    after {checkpoint} learners", lambda o, c=checkpoint: o.mae[c]))
    lines += [
        row("(b) served with true P in [0.6, 0.9]", lambda o: o.in_band / o.served, True),
        row("(c) questions to a mastery decision", lambda o: mean_of(o.questions)),
        row("    strong learners (true skill >= T+1)", lambda o: mean_of(o.strong)),
        row("    weak learners (true skill <= T-1)", lambda o: mean_of(o.weak)),
        row("(d) decisions matching true skill", lambda o: o.agree / learners, True),
        row("    declared mastered", lambda o: o.mastered / learners, True),
        row("    truly mastered", lambda o: o.truly_mastered / learners, True),
        row("    false mastery", lambda o: o.false_mastery / learners, True),
        row("    mastery missed", lambda o: o.missed_mastery / learners, True),
    ]
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=5, help="independent banks and populations")
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument(
        "--questions",
        default="10,30",
        help="bank sizes to simulate, comma-separated (the course's quizzes have 10 today)",
    )
    parser.add_argument("--concepts", type=int, default=6)
    args = parser.parse_args(argv)

    params = Params()
    started = time.perf_counter()
    print(
        f"Quiz simulation: seed {args.seed}, {args.runs} runs of {args.learners} learners "
        "(mean ± sd over runs)."
    )
    print(
        f"Engine: target success {params.target_success}, mastery skill T = "
        f"{params.mastery_skill}, min answers {params.min_answers}, max questions "
        f"{params.max_questions}.\nLearners' skill ~ N(0, {SKILL_SD}); instructors' "
        f"difficulty priors off by N(0, {PRIOR_ERROR})."
    )
    for size in (int(value) for value in args.questions.split(",")):
        runs = [
            simulate(args.seed + run, args.learners, size, args.concepts, params)
            for run in range(args.runs)
        ]
        print(f"\nBank of {size} questions on {args.concepts} concepts\n")
        print("\n".join(report(runs, args.learners)))
    print(f"\n{time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
