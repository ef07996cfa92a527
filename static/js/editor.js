/*
 * Go code editors on lesson pages (no libraries, no build step).
 *
 * Each server-rendered .go-editor (see courses/markdown.py) holds a highlighted <pre> and
 * a <textarea>. Once initialised, the textarea sits exactly on top of the <pre> with
 * transparent text and a visible caret; every edit re-highlights the <pre> with a small Go
 * tokenizer that emits the same span classes as Pygments' Go lexer, so pygments.css
 * colours both the same way.
 *
 * Run and Format are wired by the grader: a click dispatches a bubbling
 * "go-editor:run" / "go-editor:format" CustomEvent with detail {editor, code}.
 * window.goEditor exposes setCode, markErrors and clearErrors for it.
 */
(() => {
  "use strict";

  if (window.goEditor) return; // the script was included twice

  const READY = "go-editor-ready";
  const WORD_END = "(?![\\p{L}\\p{N}_])"; // Python's \b after a word, Unicode-aware
  const words = (list) => `(?:${list.join("|")})${WORD_END}`;
  const rule = (source, cls) => [new RegExp(source, "uy"), cls];

  // The rules of pygments/lexers/go.py (GoLexer), in the same order.
  const RULES = [
    rule("\\s+", "w"),
    rule("\\\\\\n", ""), // line continuation
    rule("//[^\\n]*", "c1"),
    rule("/(?:\\\\\\n)?[*][\\s\\S]*?[*](?:\\\\\\n)?/", "cm"),
    rule(words(["import", "package"]), "kn"),
    rule(words(["var", "func", "struct", "type", "interface", "const"]), "kd"),
    rule(
      words([
        "break", "default", "select", "case", "defer", "go", "else", "goto", "switch",
        "fallthrough", "if", "range", "continue", "for", "return",
      ]),
      "k",
    ),
    rule(words(["true", "false", "iota", "nil"]), "kc"),
    rule(
      "(?:print|println|panic|recover|close|complex|real|imag|len|cap|append|copy|delete" +
        "|new|make|min|max|clear)(?=\\()",
      "nb",
    ),
    rule(
      words([
        "uint", "uint8", "uint16", "uint32", "uint64", "int", "int8", "int16", "int32",
        "int64", "float32", "float64", "map", "chan", "complex64", "complex128", "byte",
        "rune", "string", "bool", "error", "uintptr", "any", "comparable",
      ]),
      "kt",
    ),
    rule("\\d+i", "m"),
    rule("\\d+\\.\\d*(?:[Ee][-+]\\d+)?i", "m"),
    rule("\\.\\d+(?:[Ee][-+]\\d+)?i", "m"),
    rule("\\d+[Ee][-+]\\d+i", "m"),
    rule("\\d+(?:\\.\\d+[eE][+\\-]?\\d+|\\.\\d*|[eE][+\\-]?\\d+)", "mf"),
    rule("\\.\\d+(?:[eE][+\\-]?\\d+)?", "mf"),
    rule("0[bB](?:_?[01])+", "mb"),
    rule("0[oO]?(?:_?[0-7])+", "mo"),
    rule("0[xX](?:_?[0-9a-fA-F])+", "mh"),
    rule("(?:0|[1-9](?:_?[0-9])*)", "mi"),
    rule(
      "'(?:\\\\['\"\\\\abfnrtv]|\\\\x[0-9a-fA-F]{2}|\\\\[0-7]{1,3}|\\\\u[0-9a-fA-F]{4}" +
        "|\\\\U[0-9a-fA-F]{8}|[^\\\\])'",
      "sc",
    ),
    rule("`[^`]*`", "s"),
    rule('"(?:\\\\\\\\|\\\\[^\\\\]|[^"\\\\])*"', "s"),
    rule(
      "(?:<<=|>>=|<<|>>|<=|>=|&\\^=|&\\^|\\+=|-=|\\*=|\\/=|%=|&=|\\|=|\\^=|&&|\\|\\|" +
        "|<-|\\+\\+|--|==|!=|:=|[+\\-*\\/%&!=<>|^])",
      "o",
    ),
    rule("(?:\\.\\.\\.|[()\\[\\]{}.,;:~])", "p"),
    rule("[\\p{L}\\p{Nl}\\p{No}_][\\p{L}\\p{N}_]*", "nx"),
  ];

  const escapeHtml = (text) =>
    text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

  /** Highlight Go source: escaped HTML with Pygments' span classes. */
  function highlightGo(code) {
    const out = [];
    let pendingClass = null;
    let pendingText = "";
    const flush = () => {
      if (!pendingText) return;
      const text = escapeHtml(pendingText);
      const plain = !pendingClass || pendingClass === "w"; // no span for whitespace
      out.push(plain ? text : `<span class="${pendingClass}">${text}</span>`);
      pendingText = "";
    };
    const emit = (cls, text) => {
      if (cls !== pendingClass) {
        flush();
        pendingClass = cls;
      }
      pendingText += text;
    };
    let pos = 0;
    next: while (pos < code.length) {
      for (const [pattern, cls] of RULES) {
        pattern.lastIndex = pos;
        const match = pattern.exec(code);
        if (match && match[0].length > 0) {
          emit(cls, match[0]);
          pos += match[0].length;
          continue next;
        }
      }
      const char = String.fromCodePoint(code.codePointAt(pos));
      emit("err", char);
      pos += char.length;
    }
    flush();
    return out.join("");
  }

  // --- editors ---------------------------------------------------------------------------

  const editors = new WeakMap();
  let hintCount = 0; // numbers the ids of the "how to leave the editor" hints
  const isMac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent || "");

  function lineCount(text) {
    return text.split("\n").length;
  }

  function refresh(state) {
    const value = state.input.value;
    state.codeEl.innerHTML = highlightGo(value);
    const lines = lineCount(value);
    if (lines !== state.lines) {
      state.lines = lines;
      const numbers = [];
      for (let n = 1; n <= lines; n += 1) numbers.push(`<span>${n}</span>`);
      state.gutter.innerHTML = numbers.join("");
      state.input.rows = lines;
    }
    fit(state);
  }

  // Grow the textarea to show every line; its horizontal scrollbar, if any, is added.
  function fit(state) {
    const input = state.input;
    if (input.getClientRects().length === 0) return; // hidden: the rows attribute sizes it
    input.style.height = "auto";
    input.style.height = `${input.scrollHeight + input.offsetHeight - input.clientHeight}px`;
    syncScroll(state);
  }

  function syncScroll(state) {
    state.pre.scrollLeft = state.input.scrollLeft;
    state.pre.scrollTop = state.input.scrollTop;
    state.marks.style.transform = `translateY(${-state.input.scrollTop}px)`;
  }

  // Replace [start, end) with text, through the browser's editing commands when it can so
  // that undo (Ctrl+Z) keeps working, then select [selStart, selEnd).
  function replaceRange(input, start, end, text, selStart, selEnd) {
    input.focus();
    input.setSelectionRange(start, end);
    let done = false;
    try {
      done =
        text === ""
          ? start === end || document.execCommand("delete", false)
          : document.execCommand("insertText", false, text);
    } catch {
      done = false;
    }
    if (!done) {
      input.setRangeText(text, start, end, "end");
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
    const caret = start + text.length;
    input.setSelectionRange(selStart ?? caret, selEnd ?? selStart ?? caret);
  }

  function lineStartOf(value, index) {
    return value.lastIndexOf("\n", index - 1) + 1;
  }

  function selectedLines(input) {
    const { value, selectionStart, selectionEnd } = input;
    const start = lineStartOf(value, selectionStart);
    // A selection ending at the start of a line does not include that line.
    const endsAtLineStart = selectionEnd > selectionStart && value[selectionEnd - 1] === "\n";
    const last = endsAtLineStart ? selectionEnd - 1 : selectionEnd;
    let end = value.indexOf("\n", last);
    if (end === -1) end = value.length;
    return { start, end, text: value.slice(start, end) };
  }

  function indent(input) {
    const { value, selectionStart, selectionEnd } = input;
    if (!value.slice(selectionStart, selectionEnd).includes("\n")) {
      replaceRange(input, selectionStart, selectionEnd, "\t");
      return;
    }
    const block = selectedLines(input);
    const lines = block.text.split("\n");
    const text = lines.map((line) => (line ? `\t${line}` : line)).join("\n");
    replaceRange(input, block.start, block.end, text, block.start, block.start + text.length);
  }

  function outdent(input) {
    const { selectionStart, selectionEnd } = input;
    const block = selectedLines(input);
    const lines = block.text.split("\n");
    const removed = lines.map((line) => (line.match(/^(?:\t| {1,4})/) || [""])[0].length);
    if (removed.every((count) => count === 0)) return;
    const text = lines.map((line, i) => line.slice(removed[i])).join("\n");
    if (lines.length === 1) {
      const caret = Math.max(block.start, selectionStart - removed[0]);
      const end = Math.max(block.start, selectionEnd - removed[0]);
      replaceRange(input, block.start, block.end, text, caret, end);
    } else {
      replaceRange(input, block.start, block.end, text, block.start, block.start + text.length);
    }
  }

  const CLOSERS = { "{": "}", "(": ")", "[": "]" };
  const MODIFIERS = new Set(["Shift", "Control", "Alt", "Meta"]);

  function newline(input) {
    const { value, selectionStart, selectionEnd } = input;
    const before = value.slice(lineStartOf(value, selectionStart), selectionStart);
    const indentation = before.match(/^[\t ]*/)[0];
    const opener = before.trimEnd().slice(-1);
    if (!CLOSERS[opener]) {
      replaceRange(input, selectionStart, selectionEnd, `\n${indentation}`);
      return;
    }
    const inner = `\n${indentation}\t`;
    if (value[selectionEnd] === CLOSERS[opener]) {
      const caret = selectionStart + inner.length;
      replaceRange(input, selectionStart, selectionEnd, `${inner}\n${indentation}`, caret);
    } else {
      replaceRange(input, selectionStart, selectionEnd, inner);
    }
  }

  // Typing "}" on a line of indentation only removes one level first, as gofmt would.
  function closeBrace(input) {
    const { value, selectionStart, selectionEnd } = input;
    if (selectionStart !== selectionEnd) return false;
    const before = value.slice(lineStartOf(value, selectionStart), selectionStart);
    if (!/^[\t ]*\t$/.test(before)) return false;
    replaceRange(input, selectionStart - 1, selectionStart, "}");
    return true;
  }

  function onKeyDown(event, state) {
    const input = state.input;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      state.editor.querySelector(".go-editor-run")?.click();
      return;
    }
    // Tab indents here, so Esc lets the next Tab (or Shift+Tab) move focus instead.
    const leaving = state.leaving;
    if (!MODIFIERS.has(event.key)) state.leaving = event.key === "Escape";
    if (event.isComposing || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "Tab" && !leaving) {
      event.preventDefault();
      if (event.shiftKey) outdent(input);
      else indent(input);
    } else if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      newline(input);
    } else if (event.key === "}" && closeBrace(input)) {
      event.preventDefault();
    }
  }

  function dispatch(state, action) {
    state.editor.dispatchEvent(
      new CustomEvent(`go-editor:${action}`, {
        bubbles: true,
        detail: { editor: state.editor, code: state.input.value },
      }),
    );
  }

  // --- edits kept in the browser ----------------------------------------------------------
  // Each editor's code is saved in localStorage under the key of the page's
  // [data-edits-key] (owner hash, lesson or exercise, content hash) plus the block or file
  // and a hash of the original code: edits to an older version are never restored over a
  // changed example. Storage may be missing or full (private mode): editing goes on.

  const EDITS_PREFIX = "gocourse:edits:";
  const SAVE_DELAY_MS = 400;

  function hashText(text) {
    let hash = 5381;
    for (let i = 0; i < text.length; i += 1) hash = ((hash * 33) ^ text.charCodeAt(i)) >>> 0;
    return hash.toString(36);
  }

  function editsKeyOf(editor, original) {
    const scope = editor.closest("[data-edits-key]");
    if (!scope) return null;
    const file = editor.getAttribute("data-file");
    const part = file ? `file:${file}` : `block:${editor.getAttribute("data-block") || "0"}`;
    return `${EDITS_PREFIX}${scope.getAttribute("data-edits-key")}:${part}:${hashText(original)}`;
  }

  function readEdits(key) {
    try {
      return window.localStorage.getItem(key);
    } catch {
      return null;
    }
  }

  function writeEdits(key, code, original) {
    try {
      if (code === original) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, code);
    } catch {
      // Private mode or quota: the edits just are not kept.
    }
  }

  function saveSoon(state) {
    if (!state.editsKey) return;
    clearTimeout(state.saveTimer);
    state.saveTimer = setTimeout(() => saveNow(state), SAVE_DELAY_MS);
  }

  function saveNow(state) {
    if (!state.editsKey) return;
    clearTimeout(state.saveTimer);
    state.saveTimer = null;
    writeEdits(state.editsKey, state.input.value, state.original);
  }

  // The note under the toolbar: "Restored your edits — Reset" or "Code reset — Undo reset".
  function showNote(state, text, label, action) {
    let note = state.editor.querySelector(":scope > .go-editor-note");
    if (!note) {
      note = document.createElement("p");
      note.className = "go-editor-note";
      note.setAttribute("role", "status");
      state.editor.querySelector(":scope > .go-editor-toolbar")?.after(note);
    }
    const button = document.createElement("button");
    button.type = "button";
    button.className = "link-button go-editor-note-action";
    button.textContent = label;
    button.addEventListener("click", action);
    note.replaceChildren(`${text} — `, button);
  }

  function hideNote(state) {
    state.editor.querySelector(":scope > .go-editor-note")?.remove();
  }

  function resetCode(state) {
    const before = state.input.value;
    const output = state.editor.querySelector(".go-editor-output");
    output?.replaceChildren();
    if (before === state.original) {
      hideNote(state);
      return;
    }
    // Through the editing commands, so Ctrl+Z in the editor brings the code back too.
    replaceRange(state.input, 0, before.length, state.original, 0);
    clearErrors(state.editor);
    refresh(state);
    saveNow(state);
    showNote(state, "Code reset", "Undo reset", () => {
      const current = state.input.value;
      replaceRange(state.input, 0, current.length, before, 0);
      clearErrors(state.editor);
      refresh(state);
      saveNow(state);
      hideNote(state);
    });
  }

  function setup(editor) {
    if (editors.has(editor)) return editors.get(editor);
    const code = editor.querySelector(".go-editor-code");
    const pre = code && code.querySelector(".go-editor-highlight");
    const input = code && code.querySelector(".go-editor-input");
    if (!pre || !input) return null;
    // Markup copied from a set-up editor (htmx history snapshots): drop the stale parts.
    const stale = ":scope > .go-editor-gutter, :scope > .go-editor-marks";
    for (const element of code.querySelectorAll(stale)) {
      element.remove();
    }
    let codeEl = pre.querySelector("code");
    if (!codeEl) {
      codeEl = document.createElement("code");
      pre.replaceChildren(codeEl);
    }
    const gutter = document.createElement("div");
    gutter.className = "go-editor-gutter";
    gutter.setAttribute("aria-hidden", "true");
    const marks = document.createElement("div");
    marks.className = "go-editor-marks";
    marks.setAttribute("aria-hidden", "true");
    code.prepend(gutter);
    code.insertBefore(marks, pre);

    pre.setAttribute("aria-hidden", "true");

    hintCount += 1;
    const hint = document.createElement("span");
    hint.className = "go-editor-leave";
    hint.id = `go-editor-leave-${hintCount}`;
    hint.textContent = "Press Esc, then Tab, to leave the editor";
    editor.querySelector(":scope > .go-editor-toolbar > .go-editor-leave")?.remove();
    editor.querySelector(":scope > .go-editor-toolbar")?.append(hint);
    input.setAttribute("aria-describedby", hint.id);

    const state = { editor, input, pre, codeEl, gutter, marks, lines: 0, width: -1 };
    state.leaving = false; // Esc was the last key: the next Tab leaves the editor
    state.original = input.defaultValue;
    state.editsKey = editsKeyOf(editor, state.original);
    state.saveTimer = null;
    editors.set(editor, state);
    editor.classList.add(READY);

    editor.querySelector(":scope > .go-editor-note")?.remove(); // copied from a snapshot
    const kept = state.editsKey ? readEdits(state.editsKey) : null;
    if (kept !== null && kept !== state.original) {
      input.value = kept;
      showNote(state, "Restored your edits", "Reset", () => resetCode(state));
    }

    input.addEventListener("input", () => {
      clearErrors(editor);
      refresh(state);
      saveSoon(state);
    });
    // Save a pending edit when the page goes away (reload, navigation).
    window.addEventListener("pagehide", () => {
      if (state.saveTimer) saveNow(state);
    });
    input.addEventListener("scroll", () => syncScroll(state));
    input.addEventListener("blur", () => {
      state.leaving = false;
    });
    input.addEventListener("keydown", (event) => onKeyDown(event, state));
    for (const action of ["run", "format"]) {
      const button = editor.querySelector(`.go-editor-${action}`);
      button?.addEventListener("click", () => dispatch(state, action));
    }
    editor
      .querySelector(".go-editor-reset")
      ?.addEventListener("click", () => resetCode(state));
    const keys = editor.querySelector(".go-editor-keys");
    if (keys && isMac) keys.textContent = "Cmd+Enter to run";

    if (window.ResizeObserver) {
      // Refit when the width changes (window resize, a hidden tab shown). The refit is
      // deferred a frame: resizing inside the callback would loop.
      new ResizeObserver((entries) => {
        const width = entries[entries.length - 1].contentRect.width;
        if (width === state.width) return;
        state.width = width;
        requestAnimationFrame(() => fit(state));
      }).observe(editor);
    }
    refresh(state);
    return state;
  }

  function init(root) {
    const scope = root && root.querySelectorAll ? root : document;
    if (scope.matches && scope.matches(".go-editor")) setup(scope);
    scope.querySelectorAll(".go-editor").forEach(setup);
  }

  function stateOf(element) {
    const editor = element && element.closest ? element.closest(".go-editor") : null;
    return editor ? setup(editor) : null;
  }

  // --- the API the grader uses -----------------------------------------------------------

  function setCode(element, code) {
    const state = stateOf(element);
    if (!state) return;
    state.input.value = String(code);
    clearErrors(state.editor);
    refresh(state);
    saveNow(state);
  }

  /** Highlight lines with errors: [{line, column, message}], lines 1-based in the editor. */
  function markErrors(element, errors) {
    const state = stateOf(element);
    if (!state) return;
    clearErrors(state.editor);
    const byLine = new Map();
    for (const error of errors || []) {
      const line = Math.min(Math.max(Math.trunc(Number(error.line)) || 1, 1), state.lines);
      const where = error.column ? `${line}:${error.column}` : `${line}`;
      const text = `${where}: ${error.message ?? ""}`;
      byLine.set(line, [...(byLine.get(line) || []), text]);
    }
    for (const [line, messages] of byLine) {
      const title = messages.join("\n");
      const number = state.gutter.children[line - 1];
      if (number) {
        number.classList.add("go-editor-gutter-error");
        number.title = title;
      }
      const mark = document.createElement("div");
      mark.className = "go-editor-mark";
      mark.style.setProperty("--go-editor-mark-line", String(line - 1));
      mark.title = title;
      state.marks.append(mark);
    }
    if (byLine.size) state.input.setAttribute("aria-invalid", "true");
  }

  function clearErrors(element) {
    const state = stateOf(element);
    if (!state) return;
    state.marks.replaceChildren();
    for (const number of state.gutter.querySelectorAll(".go-editor-gutter-error")) {
      number.classList.remove("go-editor-gutter-error");
      number.removeAttribute("title");
    }
    state.input.removeAttribute("aria-invalid");
  }

  window.goEditor = Object.freeze({
    init,
    highlight: highlightGo,
    setCode,
    markErrors,
    clearErrors,
  });

  // Deferred scripts run before DOMContentLoaded; initialising twice is harmless.
  if (document.readyState !== "loading") init(document);
  document.addEventListener("DOMContentLoaded", () => init(document));
  // Editors swapped in by htmx. Listening costs nothing when htmx is absent or not loaded yet.
  document.addEventListener("htmx:load", (event) => init(event.detail && event.detail.elt));
})();
