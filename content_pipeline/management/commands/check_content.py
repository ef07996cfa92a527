import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from content_pipeline.loader import load_content


class Command(BaseCommand):
    help = (
        "Validate the course files without writing anything: the format of every file, "
        "then (unless --no-sandbox) every example, exercise and quiz program in the sandbox. "
        "Problems print as file:line: message."
    )

    def add_arguments(self, parser):
        parser.add_argument("--content-dir", type=Path, default=None)
        parser.add_argument(
            "--no-sandbox", action="store_true", help="check the file formats only (fast)"
        )
        parser.add_argument("--jobs", type=int, default=2, help="sandbox runs at once")

    def handle(self, *args, content_dir=None, no_sandbox=False, jobs=2, **options):
        root = content_dir or settings.CONTENT_DIR
        tree = load_content(root)
        for error in tree.errors:
            self.stderr.write(str(error))
        if tree.errors:
            raise CommandError(f"{len(tree.errors)} problem(s) in {root}")
        lessons = [lesson for course in tree.courses for lesson in course.lessons]
        written = sum(lesson.written for lesson in lessons)
        questions = sum(len(lesson.quiz.questions) for lesson in lessons if lesson.quiz)
        exercises = sum(len(lesson.exercises) for lesson in lessons)
        self.stdout.write(
            f"Format OK: {len(tree.courses)} course(s), {len(lessons)} lessons "
            f"({written} written), {exercises} exercises, {questions} quiz questions"
        )
        if not no_sandbox:
            self._check_in_sandbox(tree, jobs)
        self.stdout.write(self.style.SUCCESS("Content OK"))

    def _check_in_sandbox(self, tree, jobs: int) -> None:
        from content_pipeline.sandbox_checks import collect_checks, run_checks

        checks = collect_checks(tree)
        summary = run_checks(checks, jobs=jobs, progress=self._progress)
        self.stdout.write("")
        for kind in summary.passed:
            total = summary.passed[kind] + summary.failed[kind]
            mark = "ok" if not summary.failed[kind] else f"{summary.failed[kind]} FAILED"
            self.stdout.write(f"  {kind:<14} {summary.passed[kind]:>4}/{total:<4} {mark}")
        for error in summary.errors:
            self.stderr.write(str(error))
        if summary.errors:
            raise CommandError(f"{len(summary.errors)} problem(s) found in the sandbox")

    def _progress(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // total if total else width
        bar = "#" * filled + "-" * (width - filled)
        line = f"Sandbox checks [{bar}] {done}/{total}"
        if sys.stdout.isatty():
            self.stdout.write(f"\r{line}", ending="")
        elif done == total or done % 10 == 0:
            self.stdout.write(line)
