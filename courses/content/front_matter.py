"""Split a markdown file into its YAML front matter and its body."""

from dataclasses import dataclass

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
