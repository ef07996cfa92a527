"""What `check_content --changed-since` checks: the lessons whose files changed and the
outlines of the courses whose course.yaml changed, nothing else.

A lesson's quiz, exercises and examples all live in its folder, so a changed file under
`<course>/lessons/<slug>/` means that lesson, checked whole. A changed course.yaml means
its course's outline checks: its fields, the listing and order of its lessons, lesson
folders it does not list. Nothing else in a course depends on another lesson's files.
"""

from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from content_pipeline.loader import COURSE_FILE, LESSONS_DIR, ContentTree


@dataclass(frozen=True)
class ChangeScope:
    outlines: frozenset[str]  # course folders, e.g. "go"
    lessons: frozenset[str]  # lesson folders, e.g. "go/lessons/01-hello-go"

    def covers(self, path: str) -> bool:
        """Whether a problem reported at ``path`` (relative to the content directory)
        is about something that changed."""
        parts = PurePosixPath(path).parts
        if len(parts) >= 3 and parts[1] == LESSONS_DIR:
            lesson = "/".join(parts[:3])
            if len(parts) == 3:  # the folder itself: is it listed in course.yaml?
                return lesson in self.lessons or parts[0] in self.outlines
            return lesson in self.lessons
        return bool(parts) and parts[0] in self.outlines


def scope_of(paths: set[str]) -> ChangeScope:
    """The scope of changed files given relative to the content directory."""
    outlines, lessons = set(), set()
    for path in paths:
        parts = PurePosixPath(path).parts
        if len(parts) >= 3 and parts[1] == LESSONS_DIR:
            lessons.add("/".join(parts[:3]))
        elif len(parts) == 2 and parts[1] == COURSE_FILE:
            outlines.add(parts[0])
    return ChangeScope(frozenset(outlines), frozenset(lessons))


def narrow(tree: ContentTree, scope: ChangeScope, root_path: str) -> ContentTree:
    """The tree cut down to the scope: its lessons, the courses that hold them or whose
    outline changed, and their problems. Problems about the content directory itself
    (reported at ``root_path``) always stay."""
    courses = []
    for course in tree.courses:
        tracks = [
            replace(
                track,
                lessons=[
                    lesson
                    for lesson in track.lessons
                    if f"{course.slug}/{LESSONS_DIR}/{lesson.slug}" in scope.lessons
                ],
            )
            for track in course.tracks
        ]
        if course.slug in scope.outlines or any(track.lessons for track in tracks):
            courses.append(replace(course, tracks=tracks))
    errors = [e for e in tree.errors if e.path == root_path or scope.covers(e.path)]
    return ContentTree(courses, errors)


def describe(full: ContentTree, narrowed: ContentTree, scope: ChangeScope) -> str:
    """How much of the content the narrowed tree checks, e.g. '1 of 12 lessons, 0 of 1
    course outlines'."""
    lessons = sum(len(course.lessons) for course in full.courses)
    checked = sum(len(course.lessons) for course in narrowed.courses)
    outlines = sum(course.slug in scope.outlines for course in full.courses)
    return f"{checked} of {lessons} lessons, {outlines} of {len(full.courses)} course outlines"
