from django.conf import settings
from django.db import models
from django.utils import timezone

from courses.models import Lesson
from quizzes import questions as quiz_format

QUESTION_TYPES = [
    (quiz_format.SINGLE, "Single choice"),
    (quiz_format.MULTIPLE, "Multiple choice"),
    (quiz_format.OUTPUT, "Predict the output"),
    (quiz_format.BLANK, "Fill in the blank"),
    (quiz_format.BUG, "Find the bug"),
]


class QuestionQuerySet(models.QuerySet):
    def active(self) -> "QuestionQuerySet":
        """Questions still in the quiz files (removed ones are kept for their history)."""
        return self.filter(removed_at__isnull=True)


class Question(models.Model):
    """A question of a lesson's quiz.md, as last synced. HTML fields are rendered at sync."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="questions")
    qid = models.SlugField(max_length=100, help_text="The #id in quiz.md, stable over edits.")
    position = models.PositiveIntegerField(default=0)
    type = models.CharField(max_length=10, choices=QUESTION_TYPES)
    title = models.CharField(max_length=300)
    title_html = models.TextField()
    prompt_html = models.TextField(blank=True)
    explanation_html = models.TextField()
    hint_html = models.TextField(blank=True)
    code = models.TextField(blank=True, help_text="The Go snippet of output and bug questions.")
    code_lines_html = models.JSONField(default=list, blank=True)
    options = models.JSONField(default=list, blank=True, help_text='[{"text", "html"}]')
    answer_key = models.JSONField(default=dict, help_text="What answers are checked against.")
    concepts = models.JSONField(default=list)
    prior_difficulty = models.PositiveSmallIntegerField(help_text="The instructor's 1-5.")
    difficulty = models.FloatField(help_text="Learned from first attempts, in logits.")
    evidence = models.PositiveIntegerField(default=0, help_text="First attempts learned from.")
    source_hash = models.CharField(max_length=64)
    answer_key_hash = models.CharField(max_length=64)
    removed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["lesson", "position"]
        constraints = [
            models.UniqueConstraint(fields=["lesson", "qid"], name="unique_question_per_lesson")
        ]

    def __str__(self) -> str:
        return f"{self.lesson}#{self.qid}"

    def spec(self) -> quiz_format.QuestionSpec:
        """The question as the format module knows it, to check answers with."""
        correct = set(self.answer_key.get("correct", []))
        return quiz_format.QuestionSpec(
            id=self.qid,
            type=self.type,
            title=self.title,
            prompt="",
            line=0,
            source_hash=self.source_hash,
            concepts=list(self.concepts),
            options=[
                quiz_format.OptionSpec(text=option["text"], correct=index in correct, line=0)
                for index, option in enumerate(self.options)
            ],
            code=self.code,
            expected_output=self.answer_key.get("output", ""),
            accepted_answers=list(self.answer_key.get("accepted", [])),
            case_sensitive=bool(self.answer_key.get("case_sensitive", False)),
            bug_line=self.answer_key.get("line"),
        )


class ConceptSkill(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="concept_skills"
    )
    concept = models.CharField(max_length=100)
    skill = models.FloatField(default=0.0, help_text="In logits; 0 is the average learner.")
    answers = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "concept"], name="unique_skill_per_concept")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.concept} {self.skill:+.2f} ({self.answers})"


class QuizAttemptQuerySet(models.QuerySet):
    def open(self) -> "QuizAttemptQuerySet":
        return self.filter(finished_at__isnull=True, outcome="")

    def finished(self) -> "QuizAttemptQuerySet":
        """Attempts that reached a decision: mastery or the maximum number of questions."""
        return self.filter(finished_at__isnull=False)


class QuizAttempt(models.Model):
    """One go at a lesson's quiz. Started when the learner starts it, finished when the
    engine decides (mastered, or the maximum number of questions); abandoned when the
    learner starts over or leaves it for QUIZ_ABANDON_AFTER_DAYS."""

    MASTERED = "mastered"
    MAX_QUESTIONS = "max_questions"
    ABANDONED = "abandoned"
    OUTCOMES = [
        (MASTERED, "Mastered"),
        (MAX_QUESTIONS, "Reached the maximum number of questions"),
        (ABANDONED, "Abandoned"),
    ]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="quiz_attempts")
    started_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=OUTCOMES, blank=True)
    current_question = models.ForeignKey(
        Question, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hint_used = models.BooleanField(default=False, help_text="For the current question.")

    objects = QuizAttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["user", "lesson", "finished_at"]),
            models.Index(fields=["lesson", "started_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.lesson} ({self.outcome or 'open'})"

    @property
    def is_open(self) -> bool:
        return self.finished_at is None and not self.outcome


class Answer(models.Model):
    """One answer to one question, in a quiz attempt or in a review (attempt is None)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_answers"
    )
    attempt = models.ForeignKey(
        QuizAttempt, on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    given = models.JSONField(help_text="An option index, a list of them, text or a line.")
    correct = models.BooleanField()
    first_attempt = models.BooleanField(help_text="The learner's first answer to it, ever.")
    hint_used = models.BooleanField(default=False)
    predicted = models.FloatField(help_text="The engine's P(correct) before the answer.")
    is_review = models.BooleanField(default=False)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["answered_at", "pk"]
        indexes = [models.Index(fields=["user", "question"])]

    def __str__(self) -> str:
        return f"{self.user} {'right' if self.correct else 'wrong'} on {self.question}"


class ReviewCardQuerySet(models.QuerySet):
    def active(self) -> "ReviewCardQuerySet":
        return self.filter(
            question__removed_at__isnull=True, question__lesson__removed_at__isnull=True
        )

    def due(self, now=None) -> "ReviewCardQuerySet":
        return self.active().filter(due__lte=now or timezone.now())


class ReviewCard(models.Model):
    """A question a learner missed, scheduled for spaced review by FSRS."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_cards"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="review_cards")
    card = models.JSONField(help_text="fsrs.Card.to_dict()")
    due = models.DateTimeField()
    reviews = models.PositiveIntegerField(default=0)
    lapses = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    last_reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = ReviewCardQuerySet.as_manager()

    class Meta:
        ordering = ["due"]
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="unique_card_per_question")
        ]
        indexes = [models.Index(fields=["user", "due"])]

    def __str__(self) -> str:
        return f"{self.user} reviews {self.question} on {self.due:%Y-%m-%d %H:%M}"
