"""Problems as GitHub Actions annotations: `::error file=PATH,line=N::message`, which
GitHub shows on the changed line of a pull request.

Escaping follows GitHub's toolkit (actions/toolkit, packages/core/src/command.ts): in the
message %, CR and LF; in a property value also ':' and ',', which would otherwise end it.
"""

from content_pipeline.errors import ContentError

TEXT, GITHUB = "text", "github"
FORMATS = (TEXT, GITHUB)


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(error: ContentError, file: str | None) -> str:
    """``file`` is the problem's path from the repository root; None when the problem is
    about no one file (the message then names the path)."""
    properties = []
    message = error.message
    if file is None:
        message = f"{error.path}: {message}"
    else:
        properties.append(f"file={escape_property(file)}")
        if error.line:
            properties.append(f"line={error.line}")
    head = f"::error {','.join(properties)}" if properties else "::error"
    return f"{head}::{escape_data(message)}"


def problem_lines(errors: list[ContentError], fmt: str, prefix: str, root_path: str) -> list[str]:
    """Each problem as one line of the format: `file:line: message` (paths from the
    content directory) or a GitHub annotation (paths from the repository root, reached
    through ``prefix``). Problems reported at ``root_path`` concern the whole directory."""
    if fmt == TEXT:
        return [str(error) for error in errors]
    return [
        github_annotation(error, None if error.path == root_path else prefix + error.path)
        for error in errors
    ]
