from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from content_pipeline.autosync import sync_and_record


class Command(BaseCommand):
    help = "Load the course files into the database (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--content-dir", type=Path, default=None)

    def handle(self, *args, content_dir: Path | None = None, **options):
        root = content_dir or settings.CONTENT_DIR
        report, errors = sync_and_record(root)
        if errors:
            for error in errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(errors)} problem(s) in {root}; nothing was changed, "
                "the last good version keeps serving"
            )
        self.stdout.write(self.style.SUCCESS(f"Content synced from {root}: {report}"))
        for name in report.added:
            self.stdout.write(f"  added    {name}")
        for name in report.changed:
            self.stdout.write(f"  changed  {name}")
        for name in report.removed:
            self.stdout.write(f"  removed  {name}")
