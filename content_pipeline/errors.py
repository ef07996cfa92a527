"""Problems found in course files, reported the way compilers do: ``file:line: message``."""

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    path: str  # relative to the content directory, e.g. "go/lessons/01-hello-go/lesson.md"
    line: int  # 1-based; 0 when the problem is about the file as a whole
    message: str

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}: {self.message}"
        return f"{self.path}: {self.message}"


class ContentInvalid(Exception):
    """Raised when content cannot be loaded; carries every problem found, not just the first."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(errors)
        super().__init__("\n".join(str(e) for e in self.errors))
