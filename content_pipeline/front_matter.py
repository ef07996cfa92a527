"""Split a markdown file into its YAML front matter and its body."""

from dataclasses import dataclass

from content_pipeline.errors import ContentError
from content_pipeline.yaml_lines import LocatedYaml, YamlSyntaxError, load_located_yaml

FENCE = "---"


@dataclass(frozen=True)
class SplitDocument:
    front_matter: str | None  # None when the file has no front matter
    body: str
    body_line_offset: int  # lines before the body, so body line n is file line n + offset


class UnclosedFrontMatter(ValueError):
    pass


def split_front_matter(text: str) -> SplitDocument:
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != FENCE:
        return SplitDocument(front_matter=None, body=text, body_line_offset=0)
    for index in range(1, len(lines)):
        if lines[index].rstrip() == FENCE:
            return SplitDocument(
                front_matter="".join(lines[1:index]),
                body="".join(lines[index + 1 :]),
                body_line_offset=index + 1,
            )
    raise UnclosedFrontMatter("front matter starts with '---' on line 1 but is never closed")


@dataclass(frozen=True)
class FrontMatter:
    # Its lines count from the line after the opening '---'. None when the YAML cannot
    # be read: that error is reported, and the body can still be checked.
    fields: LocatedYaml | None
    body: str
    body_line_offset: int


def read_front_matter(
    text: str, rel: str, errors: list[ContentError], *, expected: str
) -> FrontMatter | None:
    """The front matter as a located mapping, or None with the problem added to `errors`.

    A YAML syntax error is reported at its line in the file; the body is still returned
    (with `fields` None) so that its own problems are listed too.

    `expected` names the fields the file needs, for the message when there is none.
    """
    try:
        split = split_front_matter(text)
    except UnclosedFrontMatter as exc:
        errors.append(ContentError(rel, 1, str(exc)))
        return None
    if split.front_matter is None:
        name = rel.rsplit("/", 1)[-1]
        errors.append(
            ContentError(
                rel, 1, f"{name} must start with front matter between '---' lines ({expected})"
            )
        )
        return None
    try:
        fields = load_located_yaml(split.front_matter)
    except YamlSyntaxError as exc:
        errors.append(ContentError(rel, exc.line + 1, f"front matter: {exc.message}"))
        return FrontMatter(None, split.body, split.body_line_offset)
    if not isinstance(fields.data, dict):
        errors.append(ContentError(rel, 2, "front matter must be a mapping of fields"))
        return FrontMatter(None, split.body, split.body_line_offset)
    return FrontMatter(fields, split.body, split.body_line_offset)
