"""Code in lessons: fences and indented blocks highlighted, ```` ```go ```` fences as
runnable editors with the ```` ```output ```` fence that follows them as expected output.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.common.utils import escapeHtml, unescapeAll
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from courses.highlight import highlight_block, highlight_go_spans


@dataclass(frozen=True)
class CodeBlock:
    """A ```` ```go ```` fence of a lesson.

    ``source`` is the fence's content without its final newline (the text the learner
    sees in the editor); ``expected_output`` is the content of the ```` ```output ````
    fence that follows a runnable block, exactly as written (with its final newline).
    """

    index: int  # 0-based among the go fences of the document
    source: str
    runnable: bool
    expected_output: str | None
    line: int  # 1-based line of the opening fence, plus line_offset
    # ```go race: the page offers "Run with -race". ```go realtime: the example runs on
    # the real clock instead of the virtual one, the default (grader.run_options).
    race: bool = False
    realtime: bool = False


def _parse_info(info: str) -> tuple[str, list[str]]:
    words = unescapeAll(info).split()
    if not words:
        return "", []
    return words[0].lower(), [word.lower() for word in words[1:]]


def _editor_html(block: CodeBlock) -> str:
    clock = "real" if block.realtime else "virtual"
    return go_editor(block.source, index=block.index, line=block.line, race=block.race, clock=clock)


def go_editor(
    source: str,
    *,
    index: int,
    line: int = 0,
    file_name: str = "",
    runnable: bool = True,
    form_id: str = "",
    race: bool = False,
    clock: str = "",
) -> str:
    """The editable Go widget; exercise pages name each file and may have no Run button.

    A named file's textarea is a `file:<name>` field of the form `form_id`, so that the
    exercise can be submitted without JavaScript. `race` adds a "Run with -race" button;
    `clock` ("virtual" or "real") is sent with each Run (grader.forms.RunForm).
    """
    # HTML parsers drop one newline right after <textarea>: keep a leading blank line.
    leading = "\n" if source.startswith("\n") else ""
    rows = source.count("\n") + 1
    file_attr = f' data-file="{escapeHtml(file_name)}"' if file_name else ""
    field = escapeHtml(f"file:{file_name}") if file_name else "code"
    form_attr = f' form="{escapeHtml(form_id)}"' if form_id else ""
    label = f"{file_name} (editable Go code)" if file_name else "Go code (editable)"
    run_button = (
        '<button type="button" class="go-editor-run" data-action="run">Run</button>\n'
        if runnable
        else ""
    )
    if runnable and race:
        run_button += (
            '<button type="button" class="go-editor-run-race" data-action="run-race">'
            "Run with -race</button>\n"
        )
    clock_attr = f' data-clock="{escapeHtml(clock)}"' if clock else ""
    keys = '<span class="go-editor-keys">Ctrl+Enter to run</span>\n' if runnable else ""
    return (
        f'<div class="go-editor" data-block="{index}" data-line="{line}"{file_attr}{clock_attr}>\n'
        '<div class="go-editor-code">\n'
        # Without JavaScript this <pre> is the code (an exercise shows its textarea instead);
        # editor.js hides both under a CodeMirror editor, the textarea keeping its value.
        '<pre class="go-editor-highlight highlight"><code>'
        f"{highlight_go_spans(source)}</code></pre>\n"
        f'<textarea class="go-editor-input" name="{field}"{form_attr} spellcheck="false"'
        ' autocomplete="off"'
        f' autocapitalize="off" wrap="off" aria-label="{escapeHtml(label)}"'
        f' rows="{rows}">{leading}{escapeHtml(source)}</textarea>\n'
        "</div>\n"
        '<div class="go-editor-toolbar">\n'
        f"{run_button}"
        '<button type="button" class="go-editor-format" data-action="format">Format</button>\n'
        '<button type="button" class="go-editor-reset" data-action="reset">Reset</button>\n'
        f"{keys}"
        "</div>\n"
        '<div class="go-editor-output" aria-live="polite"></div>\n'
        "</div>\n"
    )


def _expected_output_html(block: CodeBlock) -> str:
    output = block.expected_output or ""
    leading = "\n" if output.startswith("\n") else ""  # <pre> drops one leading newline too
    return (
        f'<details class="expected-output" data-block="{block.index}">'
        "<summary>Expected output</summary>"
        f"<pre>{leading}{escapeHtml(output)}</pre></details>\n"
    )


def collect_go_blocks(state: StateCore) -> None:
    """Number the go fences, pair runnable ones with the output fence that follows."""
    line_offset: int = state.env.get("line_offset", 0)
    tokens = state.tokens
    blocks: list[CodeBlock] = []
    for idx, token in enumerate(tokens):
        if token.type != "fence":
            continue
        lang, flags = _parse_info(token.info)
        if lang != "go":
            continue
        runnable = "norun" not in flags
        expected_output = None
        if runnable and idx + 1 < len(tokens):
            following = tokens[idx + 1]
            if following.type == "fence" and _parse_info(following.info)[0] == "output":
                expected_output = following.content
                following.meta["expected_output_of"] = len(blocks)
        source = token.content[:-1] if token.content.endswith("\n") else token.content
        line = (token.map[0] if token.map else 0) + 1 + line_offset
        block = CodeBlock(
            len(blocks),
            source,
            runnable,
            expected_output,
            line,
            race="race" in flags,
            realtime="realtime" in flags,
        )
        token.meta["go_block"] = block
        blocks.append(block)
    state.env["code_blocks"] = blocks


def render_fence(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    block: CodeBlock | None = token.meta.get("go_block")
    if block is not None and block.runnable:
        html_out = _editor_html(block)
        if block.expected_output is not None:
            html_out += _expected_output_html(block)
        return html_out
    if "expected_output_of" in token.meta:
        return ""  # already rendered below its editor
    lang, _ = _parse_info(token.info)
    if lang == "output":
        return highlight_block(token.content, "output").replace(
            '<div class="highlight">', '<div class="highlight program-output">', 1
        )
    return highlight_block(token.content, lang)


def render_code_block(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return highlight_block(tokens[idx].content, "")
