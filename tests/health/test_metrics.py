import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from courses.models import Course, Exercise, ExerciseProgress, LessonProgress
from health import metrics
from health.lessons import lesson_health
from health.questions import question_health
from health.rules import CONFUSING_RULE, QUIZ_RULE
from quizzes.models import QuizAttempt


def health_of(lesson):
    return next(e for e in lesson_health(lesson.course) if e.lesson == lesson)


@pytest.fixture
def known_cohort(cohort, first, second, staff):
    """Ten learners on lesson one with round figures everywhere."""
    learners = cohort.learners(10)
    # 6 complete lesson one in 10..60 minutes; of the 4 others, one went on to lesson two.
    cohort.start(learners, first, minutes_to_complete=[10, 20, 30, 40, 50, 60])
    cohort.start(learners[:6] + [learners[9]], second)
    exercise = Exercise.objects.create(lesson=first, slug="ex", title="Ex", starter_files={})
    for user, attempts_to_pass in zip(learners[:4], [1, 2, 3, None], strict=True):
        ExerciseProgress.objects.create(
            user=user,
            exercise=exercise,
            attempts=attempts_to_pass or 4,
            passed_at=timezone.now() if attempts_to_pass else None,
            attempts_to_pass=attempts_to_pass,
        )
    cohort.quiz(learners, first, finished=7)
    # A learner who abandoned once then finished still counts once, as finished.
    QuizAttempt.objects.create(user=learners[0], lesson=first, outcome=QuizAttempt.ABANDONED)
    cohort.rate(learners[:5], first, confusing=3, difficulty=4, section="printing")
    cohort.rate(learners[5:], first, confusing=0, difficulty=2)
    # Staff activity never counts.
    LessonProgress.objects.create(user=staff, lesson=first)
    return learners


def test_a_known_cohort_gives_exact_figures(known_cohort, first):
    entry = health_of(first)
    assert (entry.started, entry.completed, entry.dropped) == (10, 6, 3)
    assert entry.completion_rate == 0.6
    assert entry.drop_off_rate == 0.3
    assert entry.median_time == dt.timedelta(minutes=35)
    assert (entry.exercise_tries, entry.exercise_passes) == (4, 3)
    assert entry.exercise_pass_rate == 0.75
    assert entry.attempts_to_pass == 2.0
    assert (entry.quiz_started, entry.quiz_finished) == (10, 7)
    assert entry.quiz_completion_rate == 0.7
    assert entry.ratings == 10
    assert entry.mean_difficulty == 3.0
    assert entry.confusing_share == 0.3
    assert entry.sections == [("Printing", 3)]


def test_the_median_of_an_odd_count_is_the_middle_value(cohort, first):
    cohort.start(cohort.learners(3), first, minutes_to_complete=[5, 7, 100])
    assert health_of(first).median_time == dt.timedelta(minutes=7)


def test_the_last_lesson_of_a_track_drops_everyone_who_did_not_complete(known_cohort, second):
    entry = health_of(second)
    assert (entry.started, entry.completed, entry.dropped) == (7, 0, 7)


def test_course_totals_add_up(known_cohort, first):
    health = metrics.course_health(first.course)
    assert health.totals.started == 10
    assert health.totals.completed == 0  # nobody completed lesson two
    assert health.totals.quiz_completion_rate == 0.7
    assert [entry.lesson.slug for entry in health.funnel] == ["01-first", "02-second"]


def test_the_dashboard_shows_the_figures(known_cohort, client, staff):
    client.force_login(staff)
    html = client.get("/health/").content.decode()
    assert 'data-metric="drop-off">3 <span class="muted">30%' in html
    assert 'data-metric="median-time">35 min' in html
    assert 'data-metric="quiz-completion">70%' in html
    assert 'data-metric="exercise-pass-rate">75%' in html
    assert "Add scaffolding" in html
    assert "30% found it confusing (3 of 10" in html


@pytest.mark.parametrize(("confusing", "flagged"), [(2, False), (3, True), (4, True)])
def test_the_confusing_rule_trips_at_thirty_percent(cohort, first, confusing, flagged):
    cohort.rate(cohort.learners(10), first, confusing=confusing)
    rules = [flag.rule for flag in health_of(first).flags]
    assert (CONFUSING_RULE in rules) is flagged


@pytest.mark.parametrize(("finished", "flagged"), [(6, True), (7, False), (8, False)])
def test_the_quiz_rule_trips_below_seventy_percent(cohort, first, finished, flagged):
    cohort.quiz(cohort.learners(10), first, finished=finished)
    rules = [flag.rule for flag in health_of(first).flags]
    assert (QUIZ_RULE in rules) is flagged


@pytest.mark.parametrize(("learners", "flagged"), [(9, False), (10, True)])
def test_no_rule_trips_on_fewer_learners_than_the_minimum(cohort, first, learners, flagged):
    users = cohort.learners(learners)
    cohort.rate(users, first, confusing=learners)
    cohort.quiz(users, first, finished=0)
    assert bool(health_of(first).flags) is flagged


def test_thresholds_come_from_settings(cohort, first, settings):
    settings.HEALTH_CONFUSING_SHARE = 0.5
    settings.HEALTH_MIN_LEARNERS = 2
    cohort.rate(cohort.learners(4), first, confusing=2)
    assert [flag.rule for flag in health_of(first).flags] == [CONFUSING_RULE]
    settings.HEALTH_CONFUSING_SHARE = 0.51
    assert health_of(first).flags == []


def test_flagged_lessons_lists_lessons_that_trip_a_rule(known_cohort, first, cohort, second):
    cohort.quiz(cohort.learners(10), second, finished=1)
    flagged = {item.lesson.slug: [f.rule for f in item.flags] for item in metrics.flagged_lessons()}
    assert flagged == {"01-first": [CONFUSING_RULE], "02-second": [QUIZ_RULE]}


def test_merged_pull_requests_of_the_month_are_counted_against_the_target(
    synced_content, client, staff
):
    from django.utils import timezone

    from community.models import Contributor, PullRequest

    author = Contributor.objects.create(login="gopher")
    now = timezone.now()
    for number, labels in ((1, ["size/small"]), (2, ["spam"]), (3, [])):
        PullRequest.objects.create(
            repository="gocourse/course",
            number=number,
            title=f"PR {number}",
            html_url=f"https://github.com/gocourse/course/pull/{number}",
            author=author,
            state=PullRequest.MERGED if number != 3 else PullRequest.OPEN,
            merged_at=now if number != 3 else None,
            labels=labels,
        )
    assert metrics.monthly_pull_requests() == 1
    client.force_login(staff)
    page = client.get("/health/").content.decode()
    assert '<span class="card-figure">1 / 5</span>' in page
    assert "rally contributors" in page


def test_questions_far_from_their_prior_or_always_right_are_listed(first, cohort, settings):
    from quizzes.models import Answer, Question

    settings.HEALTH_MIN_LEARNERS = 3
    common = dict(lesson=first, type="single", title_html="", explanation_html="", concepts=[])
    Question.objects.create(
        qid="drifted", title="Drifted", prior_difficulty=3, difficulty=1.5, evidence=5,
        source_hash="a", answer_key_hash="a", **common,
    )  # fmt: skip
    easy = Question.objects.create(
        qid="easy", title="Easy", prior_difficulty=3, difficulty=0.0, evidence=1,
        source_hash="b", answer_key_hash="b", **common,
    )  # fmt: skip
    Question.objects.create(
        qid="fine", title="Fine", prior_difficulty=3, difficulty=0.2, evidence=9,
        source_hash="c", answer_key_hash="c", **common,
    )  # fmt: skip
    for user in cohort.learners(3):
        Answer.objects.create(
            user=user, question=easy, given=0, correct=True, first_attempt=True, predicted=0.5
        )
    found = {entry.question.qid: entry.reasons for entry in question_health([first])}
    assert found == {
        "drifted": ["harder than its prior by 1.5 logits"],
        "easy": ["100% right at first try"],
    }


def test_an_empty_course_has_no_figures(db):
    course = Course.objects.create(slug="empty", title="Empty")
    health = metrics.course_health(course)
    assert health.lessons == [] and health.totals.started == 0
    assert not User.objects.exists()
