from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from courses.content.loader import load_content


class Command(BaseCommand):
    help = "Validate the course files without writing anything; problems print as file:line."

    def add_arguments(self, parser):
        parser.add_argument("--content-dir", type=Path, default=None)

    def handle(self, *args, content_dir: Path | None = None, **options):
        root = content_dir or settings.CONTENT_DIR
        tree = load_content(root)
        for error in tree.errors:
            self.stderr.write(str(error))
        if tree.errors:
            raise CommandError(f"{len(tree.errors)} problem(s) in {root}")
        lessons = [lesson for course in tree.courses for lesson in course.lessons]
        written = sum(lesson.written for lesson in lessons)
        questions = sum(len(lesson.quiz.questions) for lesson in lessons if lesson.quiz)
        self.stdout.write(
            self.style.SUCCESS(
                f"Content OK: {len(tree.courses)} course(s), {len(lessons)} lessons "
                f"({written} written), {questions} quiz questions"
            )
        )
