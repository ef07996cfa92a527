"""quiz.md into Question rows: added, updated in place, removed but kept."""

from pathlib import Path

import pytest

from content_pipeline.autosync import sync_and_record
from content_pipeline.loader import load_content
from courses.markdown import render_markdown
from quizzes import engine
from quizzes.models import Answer, Question
from quizzes.sections import best_section, split_sections
from tests.conftest import write
from tests.quizzes.conftest import LESSON, QUIZ

pytestmark = pytest.mark.django_db

REPO_CONTENT = Path(__file__).resolve().parent.parent.parent / "content"


def resync(root: Path, quiz_text: str | None) -> None:
    path = root / LESSON / "quiz.md"
    if quiz_text is None:
        path.unlink()
    else:
        write(path, quiz_text)
    _, errors = sync_and_record(root)
    assert errors == []


def test_sync_creates_the_questions_with_rendered_text_and_prior_difficulty(quiz):
    questions = list(Question.objects.filter(lesson=quiz))
    assert [q.qid for q in questions] == [
        "main-needs",
        "printers",
        "print-hello",
        "name-package",
        "wrong-verb",
        "newline",
        "main-start",
    ]
    needs = questions[0]
    assert needs.type == "single"
    assert needs.prior_difficulty == 1
    assert needs.difficulty == pytest.approx(engine.prior_difficulty(1))
    assert needs.title_html == "What must a program have?"
    assert needs.options[1]["html"] == "A <code>main</code> package with a <code>func main()</code>"
    assert needs.answer_key == {"correct": [1]}
    assert needs.concepts == ["main-function"]
    # Explanations are rendered safely: raw HTML comes out escaped.
    blank = questions[3]
    assert "&lt;b&gt;is&lt;/b&gt;" in blank.explanation_html
    assert blank.answer_key == {"accepted": ["main"], "case_sensitive": False}
    bug = questions[4]
    assert bug.answer_key == {"line": 7}
    assert len(bug.code_lines_html) == 8 and bug.code_lines_html[1] == ""
    assert '<span class="kd">func</span>' in bug.code_lines_html[4]
    assert "Match each verb" in bug.hint_html
    assert questions[2].answer_key == {"output": "hello, 3"}


def test_a_reworded_question_keeps_its_learned_difficulty(quiz, quiz_content):
    Question.objects.filter(qid="newline").update(difficulty=1.23, evidence=40)
    resync(quiz_content, QUIZ.replace("Which call ends the line?", "Which call ends a line?"))
    question = Question.objects.get(qid="newline")
    assert "Which call ends a line?" in question.prompt_html
    assert (question.difficulty, question.evidence) == (1.23, 40)


def test_a_question_whose_answer_changed_starts_again_from_its_prior(quiz, quiz_content):
    Question.objects.filter(qid="newline").update(difficulty=1.23, evidence=40)
    changed = QUIZ.replace(
        '- [x] `fmt.Println("a")`\n- [ ] `fmt.Print("a")`',
        '- [ ] `fmt.Print("a")`\n- [x] `fmt.Println("a")`',
    )
    assert changed != QUIZ
    resync(quiz_content, changed)
    question = Question.objects.get(qid="newline")
    assert question.answer_key == {"correct": [1]}
    assert question.evidence == 0
    assert question.difficulty == pytest.approx(engine.prior_difficulty(3))


def test_a_new_prior_applies_at_once_while_nobody_has_answered(quiz, quiz_content):
    resync(
        quiz_content,
        QUIZ.replace("{#newline .single difficulty=3", "{#newline .single difficulty=5"),
    )
    question = Question.objects.get(qid="newline")
    assert question.prior_difficulty == 5
    assert question.difficulty == pytest.approx(engine.prior_difficulty(5))


def test_removed_questions_are_kept_with_their_history_and_come_back(quiz, quiz_content, alice):
    question = Question.objects.get(qid="main-start")
    Answer.objects.create(
        user=alice, question=question, given=1, correct=True, first_attempt=True, predicted=0.5
    )
    section_start = QUIZ.index("## Where main starts")
    resync(quiz_content, QUIZ[:section_start])
    question.refresh_from_db()
    assert question.removed_at is not None
    assert Question.objects.active().filter(lesson=quiz).count() == 6
    assert Answer.objects.filter(question=question).exists()

    resync(quiz_content, QUIZ)
    question.refresh_from_db()
    assert question.removed_at is None


def test_deleting_quiz_md_removes_every_question(quiz, quiz_content):
    resync(quiz_content, None)
    assert not Question.objects.active().exists()
    assert Question.objects.count() == 7


def test_syncing_twice_changes_nothing(quiz, quiz_content):
    before = list(Question.objects.values_list("pk", "updated_at"))
    _, errors = sync_and_record(quiz_content)
    assert errors == []
    assert list(Question.objects.values_list("pk", "updated_at")) == before


def test_concepts_are_matched_to_the_lesson_sections_that_teach_them():
    tree = load_content(REPO_CONTENT)
    lesson = next(lesson for lesson in tree.courses[0].lessons if lesson.slug == "01-hello-go")
    rendered = render_markdown(lesson.body, line_offset=lesson.body_line_offset)
    toc = [{"anchor": e.anchor, "text": e.text, "level": e.level} for e in rendered.toc]
    sections = split_sections(rendered.html, toc)

    def section_for(concept: str) -> str:
        section = best_section(sections, concept)
        assert section is not None
        return section.text

    assert section_for("format-verbs") == "Printf and its verbs"
    assert section_for("fmt-sprintf").startswith("Sprintf")
    assert section_for("gofmt").startswith("gofmt")
    assert section_for("go-vet").startswith("go vet")
    assert section_for("comments") == "Comments"
    assert best_section(sections, "zqxv-wkj") is None
