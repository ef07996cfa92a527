"""Read a content directory into plain data, collecting every problem as `file:line`.

Nothing here touches the database: `check_content` uses this alone, `sync_content`
writes what it returns only when it returns no errors.
"""

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from content_pipeline.errors import ContentError
from content_pipeline.exercises import ExerciseSource, load_exercise
from content_pipeline.front_matter import read_front_matter
from content_pipeline.quiz_format import ParsedQuiz, parse_quiz
from content_pipeline.yaml_lines import LocatedYaml, YamlSyntaxError, load_located_yaml

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
COURSE_FILE = "course.yaml"
LESSONS_DIR = "lessons"
LESSON_FILE = "lesson.md"
QUIZ_FILE = "quiz.md"
EXERCISES_DIR = "exercises"
MAX_FILE_BYTES = 512 * 1024

COURSE_KEYS = {"title", "description", "lessons", "tracks"}
TRACK_KEYS = {"slug", "title", "description", "lessons"}
OUTLINE_KEYS = {"slug", "title", "goal"}
FRONT_MATTER_KEYS = {"title", "summary", "concepts", "minutes", "video"}


@dataclass
class LessonSource:
    slug: str
    title: str
    goal: str
    number: int
    written: bool = False
    summary: str = ""
    concepts: list[str] = field(default_factory=list)
    minutes: int | None = None
    video: str = ""
    body: str = ""
    body_line_offset: int = 0
    source_path: str = ""
    source_hash: str = ""
    quiz: ParsedQuiz | None = None
    exercises: list[ExerciseSource] = field(default_factory=list)


@dataclass
class TrackSource:
    slug: str
    title: str
    description: str
    lessons: list[LessonSource]


@dataclass
class CourseSource:
    slug: str
    title: str
    description: str
    tracks: list[TrackSource]

    @property
    def lessons(self) -> list[LessonSource]:
        return [lesson for track in self.tracks for lesson in track.lessons]


@dataclass
class ContentTree:
    courses: list[CourseSource]
    errors: list[ContentError]


def load_content(root: Path) -> ContentTree:
    errors: list[ContentError] = []
    courses: list[CourseSource] = []
    if not root.is_dir():
        return ContentTree([], [ContentError(str(root), 0, "content directory not found")])
    for course_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        if course_dir.name.startswith("."):
            continue
        course = _load_course(root, course_dir, errors)
        if course is not None:
            courses.append(course)
    if not courses and not errors:
        errors.append(ContentError(str(root), 0, f"no course found (no */{COURSE_FILE})"))
    return ContentTree(courses, sorted(errors))


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _read_text(root: Path, path: Path, errors: list[ContentError]) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        errors.append(ContentError(_rel(root, path), 0, f"cannot read file: {exc.strerror}"))
        return None
    if len(raw) > MAX_FILE_BYTES:
        errors.append(
            ContentError(_rel(root, path), 0, f"file is larger than {MAX_FILE_BYTES} bytes")
        )
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        errors.append(ContentError(_rel(root, path), line, "file is not valid UTF-8"))
        return None


def _load_course(root: Path, course_dir: Path, errors: list[ContentError]) -> CourseSource | None:
    course_file = course_dir / COURSE_FILE
    rel = _rel(root, course_file)
    if not SLUG_RE.match(course_dir.name):
        errors.append(
            ContentError(_rel(root, course_dir), 0, "course folder names use a-z, 0-9 and '-'")
        )
        return None
    if not course_file.is_file():
        errors.append(ContentError(rel, 0, f"missing {COURSE_FILE}"))
        return None
    text = _read_text(root, course_file, errors)
    if text is None:
        return None
    try:
        doc = load_located_yaml(text)
    except YamlSyntaxError as exc:
        errors.append(ContentError(rel, exc.line, exc.message))
        return None
    if not isinstance(doc.data, dict):
        errors.append(ContentError(rel, 1, "course.yaml must be a mapping with title and lessons"))
        return None

    _check_keys(doc, (), COURSE_KEYS, rel, errors)
    title = _required_str(doc, ("title",), rel, errors)
    description = _optional_str(doc, ("description",), rel, errors)
    outline: list[tuple[TrackSource, list[tuple[Any, int]]]] = []

    main = TrackSource(slug="main", title=title, description=description, lessons=[])
    outline.append((main, _outline_entries(doc, ("lessons",), rel, errors, required=True)))
    tracks_value = doc.data.get("tracks")
    if tracks_value is not None and not isinstance(tracks_value, list):
        errors.append(ContentError(rel, doc.line_of("tracks"), "tracks must be a list"))
    for index, raw_track in enumerate(tracks_value or []):
        path = ("tracks", index)
        if not isinstance(raw_track, dict):
            errors.append(ContentError(rel, doc.line_of(*path), "each track must be a mapping"))
            continue
        _check_keys(doc, path, TRACK_KEYS, rel, errors)
        slug = _required_slug(doc, (*path, "slug"), rel, errors)
        if slug == "main":
            errors.append(
                ContentError(rel, doc.line_of(*path, "slug"), "the track slug 'main' is reserved")
            )
        track = TrackSource(
            slug=slug,
            title=_required_str(doc, (*path, "title"), rel, errors),
            description=_optional_str(doc, (*path, "description"), rel, errors),
            lessons=[],
        )
        outline.append((track, _outline_entries(doc, (*path, "lessons"), rel, errors, True)))

    _check_unique_track_slugs(doc, [t for t, _ in outline], rel, errors)
    seen: dict[str, int] = {}
    lessons_dir = course_dir / LESSONS_DIR
    for track, entries in outline:
        for number, (entry, line) in enumerate(entries, start=1):
            lesson = _outline_lesson(entry, number)
            if lesson.slug in seen:
                errors.append(
                    ContentError(
                        rel,
                        line,
                        f"lesson '{lesson.slug}' is listed twice "
                        f"(first on line {seen[lesson.slug]})",
                    )
                )
                continue
            seen[lesson.slug] = line
            lesson_dir = lessons_dir / lesson.slug
            if lesson_dir.is_dir():
                _load_lesson(root, lesson_dir, lesson, errors)
            track.lessons.append(lesson)

    if lessons_dir.is_dir():
        for lesson_dir in sorted(p for p in lessons_dir.iterdir() if p.is_dir()):
            if lesson_dir.name not in seen and not lesson_dir.name.startswith("."):
                errors.append(
                    ContentError(
                        _rel(root, lesson_dir),
                        0,
                        f"lesson folder is not listed in {rel}; add it to a lessons list",
                    )
                )
    tracks = [track for track, _ in outline]
    return CourseSource(course_dir.name, title, description, tracks)


def _check_keys(
    doc: LocatedYaml, path: tuple, allowed: set[str], rel: str, errors: list[ContentError]
) -> None:
    value = _get(doc.data, path)
    if not isinstance(value, dict):
        return
    for key in value:
        if key not in allowed:
            expected = ", ".join(sorted(allowed))
            errors.append(
                ContentError(
                    rel, doc.line_of(*path, key), f"unknown key '{key}' (expected: {expected})"
                )
            )


def _check_unique_track_slugs(
    doc: LocatedYaml, tracks: list[TrackSource], rel: str, errors: list[ContentError]
) -> None:
    seen: set[str] = set()
    for index, track in enumerate(tracks[1:]):
        if track.slug and track.slug in seen:
            errors.append(
                ContentError(
                    rel, doc.line_of("tracks", index, "slug"), f"duplicate track '{track.slug}'"
                )
            )
        seen.add(track.slug)


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _required_str(doc: LocatedYaml, path: tuple, rel: str, errors: list[ContentError]) -> str:
    value = _get(doc.data, path)
    if not isinstance(value, str) or not value.strip():
        what = "is missing" if value is None else "must be a non-empty text"
        errors.append(ContentError(rel, doc.line_of(*path), f"'{path[-1]}' {what}"))
        return ""
    return value.strip()


def _optional_str(doc: LocatedYaml, path: tuple, rel: str, errors: list[ContentError]) -> str:
    value = _get(doc.data, path)
    if value is None:
        return ""
    if not isinstance(value, str):
        errors.append(ContentError(rel, doc.line_of(*path), f"'{path[-1]}' must be text"))
        return ""
    return value.strip()


def _required_slug(doc: LocatedYaml, path: tuple, rel: str, errors: list[ContentError]) -> str:
    value = _get(doc.data, path)
    if not isinstance(value, str) or not SLUG_RE.match(value):
        problem = "is missing" if value is None else f"'{value}' is not a valid slug"
        errors.append(
            ContentError(rel, doc.line_of(*path), f"'{path[-1]}' {problem} (use a-z, 0-9 and '-')")
        )
        return ""
    return value


def _outline_entries(
    doc: LocatedYaml, path: tuple, rel: str, errors: list[ContentError], required: bool
) -> list[tuple[Any, int]]:
    """Validate a `lessons:` list; return its valid entries with their lines."""
    value = _get(doc.data, path)
    if value is None:
        if required:
            errors.append(ContentError(rel, doc.line_of(*path), f"'{path[-1]}' is missing"))
        return []
    if not isinstance(value, list) or not value:
        errors.append(ContentError(rel, doc.line_of(*path), "lessons must be a non-empty list"))
        return []
    entries = []
    for index, entry in enumerate(value):
        entry_path = (*path, index)
        if not isinstance(entry, dict):
            errors.append(
                ContentError(
                    rel,
                    doc.line_of(*entry_path),
                    "each lesson must be a mapping with slug, title and goal",
                )
            )
            continue
        before = len(errors)
        _check_keys(doc, entry_path, OUTLINE_KEYS, rel, errors)
        _required_slug(doc, (*entry_path, "slug"), rel, errors)
        _required_str(doc, (*entry_path, "title"), rel, errors)
        _required_str(doc, (*entry_path, "goal"), rel, errors)
        if len(errors) == before:
            entries.append((entry, doc.line_of(*entry_path)))
    return entries


def _outline_lesson(entry: dict, number: int) -> LessonSource:
    return LessonSource(
        slug=entry["slug"],
        title=entry["title"].strip(),
        goal=entry["goal"].strip(),
        number=number,
    )


def _load_lesson(
    root: Path, lesson_dir: Path, lesson: LessonSource, errors: list[ContentError]
) -> None:
    lesson_file = lesson_dir / LESSON_FILE
    rel = _rel(root, lesson_file)
    if not lesson_file.is_file():
        errors.append(ContentError(rel, 0, f"missing {LESSON_FILE} in the lesson folder"))
        return
    text = _read_text(root, lesson_file, errors)
    if text is None:
        return
    before = len(errors)
    _parse_lesson_file(text, rel, lesson, errors)
    quiz_file = lesson_dir / QUIZ_FILE
    if quiz_file.is_file():
        quiz_text = _read_text(root, quiz_file, errors)
        if quiz_text is not None:
            lesson.quiz = parse_quiz(quiz_text, _rel(root, quiz_file))
            errors.extend(lesson.quiz.errors)
    lesson.exercises = _load_exercises(root, lesson_dir / EXERCISES_DIR, errors)
    if len(errors) == before:
        lesson.written = True
        lesson.source_path = rel
        lesson.source_hash = hashlib.sha256(text.encode()).hexdigest()


def _parse_lesson_file(
    text: str, rel: str, lesson: LessonSource, errors: list[ContentError]
) -> None:
    """Every problem of the file: its fields, and its body even when the YAML is broken."""
    front = read_front_matter(text, rel, errors, expected="title, summary, concepts, minutes")
    if front is None:
        return
    before = len(errors)
    if front.fields is not None:
        field_errors: list[ContentError] = []
        fields = _lesson_fields(front.fields, rel, field_errors)
        # Front matter lines are counted from the line after the opening '---'.
        errors.extend(ContentError(e.path, e.line + 1, e.message) for e in field_errors)
    if not front.body.strip():
        errors.append(ContentError(rel, front.body_line_offset + 1, "the lesson has no text"))
    for line in _h1_lines(front.body):
        errors.append(
            ContentError(
                rel,
                line + front.body_line_offset,
                "use '##' for sections: the page title comes from the front matter's title",
            )
        )
    if front.fields is None or len(errors) > before:
        return
    lesson.title = fields["title"]
    lesson.summary = fields["summary"]
    lesson.concepts = fields["concepts"]
    lesson.minutes = fields["minutes"]
    lesson.video = fields["video"]
    lesson.body = front.body
    lesson.body_line_offset = front.body_line_offset


def _lesson_fields(doc: LocatedYaml, rel: str, errors: list[ContentError]) -> dict[str, Any]:
    """The lesson's front matter fields, with every problem (at YAML lines) in `errors`."""
    _check_keys(doc, (), FRONT_MATTER_KEYS, rel, errors)
    title = _required_str(doc, ("title",), rel, errors)
    summary = _required_str(doc, ("summary",), rel, errors)
    concepts = doc.data.get("concepts")
    if not isinstance(concepts, list) or not concepts:
        errors.append(
            ContentError(rel, doc.line_of("concepts"), "'concepts' must be a non-empty list")
        )
        concepts = []
    for index, concept in enumerate(concepts):
        if not isinstance(concept, str) or not SLUG_RE.match(concept):
            errors.append(
                ContentError(
                    rel,
                    doc.line_of("concepts", index),
                    f"concept {concept!r} must be a kebab-case slug like 'range-over-int'",
                )
            )
    minutes = doc.data.get("minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 600:
        errors.append(
            ContentError(
                rel, doc.line_of("minutes"), "'minutes' must be a whole number from 1 to 600"
            )
        )
        minutes = None
    video = _optional_str(doc, ("video",), rel, errors)
    if video and not re.match(r"^https?://[^\s<>\"']+$", video):
        errors.append(ContentError(rel, doc.line_of("video"), "'video' must be an http(s) URL"))
    return {
        "title": title,
        "summary": summary,
        "concepts": list(concepts),
        "minutes": minutes,
        "video": video,
    }


def _h1_lines(markdown: str) -> list[int]:
    tokens = MarkdownIt("commonmark").parse(markdown)
    return [t.map[0] + 1 for t in tokens if t.type == "heading_open" and t.tag == "h1" and t.map]


def _load_exercises(
    root: Path, exercises_dir: Path, errors: list[ContentError]
) -> list[ExerciseSource]:
    if not exercises_dir.is_dir():
        return []
    exercises = []
    for path in sorted(p for p in exercises_dir.iterdir() if p.is_dir()):
        if not SLUG_RE.match(path.name):
            errors.append(
                ContentError(_rel(root, path), 0, "exercise folder names use a-z, 0-9 and '-'")
            )
            continue
        exercise = load_exercise(root, path, errors)
        if exercise is not None:
            exercises.append(exercise)
    return exercises
