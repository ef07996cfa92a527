import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from content_pipeline.annotations import FORMATS, GITHUB, TEXT, problem_lines
from content_pipeline.change_scope import describe, narrow, scope_of
from content_pipeline.errors import ContentError
from content_pipeline.git_changes import GitError, annotation_prefix, changed_paths
from content_pipeline.loader import ContentTree, load_content


class Command(BaseCommand):
    help = (
        "Validate the course files without writing anything: the format of every file, "
        "then (unless --no-sandbox) every example, exercise and quiz program in the sandbox. "
        "Problems print as file:line: message, or as GitHub annotations (--format github)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--content-dir", type=Path, default=None)
        parser.add_argument(
            "--no-sandbox", action="store_true", help="check the file formats only (fast)"
        )
        parser.add_argument("--jobs", type=int, default=2, help="sandbox runs at once")
        parser.add_argument(
            "--changed-since",
            metavar="REF",
            default=None,
            help="check only the lessons (and course outlines) whose files differ from this "
            "git ref, e.g. origin/main, or are not committed yet",
        )
        parser.add_argument(
            "--format",
            dest="output_format",
            choices=FORMATS,
            default=TEXT,
            help="text: file:line: message on stderr; github: ::error annotations on stdout, "
            "paths from the repository root",
        )

    def handle(
        self,
        *args,
        content_dir=None,
        no_sandbox=False,
        jobs=2,
        changed_since=None,
        output_format=TEXT,
        **options,
    ):
        self.root = Path(content_dir or settings.CONTENT_DIR)
        self.output_format = output_format
        tree = load_content(self.root)
        if changed_since is not None:
            tree = self._changed_part(tree, changed_since)
        self._report(tree.errors)
        if tree.errors:
            raise CommandError(f"{len(tree.errors)} problem(s) in {self.root}")
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

    def _changed_part(self, tree: ContentTree, ref: str) -> ContentTree:
        try:
            scope = scope_of(changed_paths(self.root, ref))
        except GitError as error:
            raise CommandError(f"--changed-since {ref}: {error}") from None
        narrowed = narrow(tree, scope, str(self.root))
        self.stdout.write(f"Checking what changed since {ref}: {describe(tree, narrowed, scope)}")
        return narrowed

    def _report(self, errors: list[ContentError]) -> None:
        if not errors:
            return
        github = self.output_format == GITHUB
        prefix = annotation_prefix(self.root) if github else ""
        stream = self.stdout if github else self.stderr
        for line in problem_lines(errors, self.output_format, prefix, str(self.root)):
            stream.write(line)

    def _check_in_sandbox(self, tree, jobs: int) -> None:
        from content_pipeline.sandbox_checks import collect_checks, run_checks

        checks = collect_checks(tree)
        summary = run_checks(checks, jobs=jobs, progress=self._progress)
        self.stdout.write("")
        for kind in summary.passed:
            total = summary.passed[kind] + summary.failed[kind]
            mark = "ok" if not summary.failed[kind] else f"{summary.failed[kind]} FAILED"
            self.stdout.write(f"  {kind:<14} {summary.passed[kind]:>4}/{total:<4} {mark}")
        self._report(summary.errors)
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
