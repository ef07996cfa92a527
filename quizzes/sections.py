"""Which section of a lesson teaches a concept: plain functions over the lesson's HTML.

Lessons do not tag their sections with concepts, so the match is made from the text: a
concept slug such as ``format-verbs`` is looked for, as a phrase and word by word, in
each section's heading and body, words that appear in every section (like "go") counting
for little. Good enough to point a learner at the part of the lesson to read again.
"""

import html
import math
import re
from dataclasses import dataclass

_TAG_RE = re.compile(r"<[^>]+>")
_SPACE_RE = re.compile(r"\s+")

HEADING_WEIGHT = 5.0
PHRASE_WEIGHT = 3.0
STEM = 6


@dataclass(frozen=True)
class Section:
    anchor: str
    text: str  # the heading, plain text
    level: int
    body: str  # plain text, lowercased


def split_sections(lesson_html: str, toc: list[dict]) -> list[Section]:
    """The lesson's h2/h3 sections, each with the text up to the next heading."""
    starts = []
    for entry in toc:
        match = re.search(rf'<h[23][^>]*\bid="{re.escape(str(entry["anchor"]))}"', lesson_html)
        if match:
            starts.append((match.start(), entry))
    starts.sort(key=lambda item: item[0])
    sections = []
    for index, (start, entry) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(lesson_html)
        text = html.unescape(_TAG_RE.sub(" ", lesson_html[start:end]))
        body = _SPACE_RE.sub(" ", text).lower()
        sections.append(Section(entry["anchor"], entry["text"], int(entry.get("level", 2)), body))
    return sections


def _count(word: str, text: str) -> int:
    return len(re.findall(rf"(?<![a-z0-9]){re.escape(word)}", text))


def best_section(sections: list[Section], concept: str) -> Section | None:
    """The section that talks most about ``concept``, or None when none mentions it."""
    # A crude stem, so that "conversion" finds "converting" and "packages" finds "package".
    words = [word[:STEM] for word in concept.lower().split("-") if word]
    if not sections or not words:
        return None
    parts = concept.lower().split("-")
    phrases = {" ".join(parts), ".".join(parts), "".join(parts), concept.lower()}
    rarity = {
        word: math.log(1 + len(sections) / (1 + sum(_count(word, s.body) > 0 for s in sections)))
        for word in words
    }

    def score(section: Section) -> float:
        heading = section.text.lower()
        total = sum(PHRASE_WEIGHT * _count(phrase, section.body) for phrase in phrases)
        total += sum(HEADING_WEIGHT * (_count(phrase, heading) > 0) for phrase in phrases)
        for word in words:
            total += rarity[word] * (
                min(_count(word, section.body), 10) + HEADING_WEIGHT * (_count(word, heading) > 0)
            )
        return total

    best = max(sections, key=score)
    return best if score(best) > 0 else None
