/*
 * Go code editors on lesson and exercise pages: CodeMirror 6 (static/vendor/codemirror/,
 * rebuilt by frontend/codemirror/build.sh) over the server-rendered markup.
 *
 * Each .go-editor (see courses/code_blocks.py) holds a highlighted <pre> and a <textarea>:
 * without JavaScript they are the code and, on exercise pages, the form's fields. Here a
 * CodeMirror view takes their place; the hidden textarea keeps the current code, so that
 * forms and grader.js read it where they always did.
 *
 * Run and Format are wired by the grader: a click dispatches a bubbling
 * "go-editor:run" / "go-editor:format" CustomEvent with detail {editor, code}.
 * window.goEditor exposes setCode, markProblems and clearProblems for it.
 */
(() => {
  "use strict";

  if (window.goEditor) return; // the script was included twice
  const CM = window.CodeMirror;
  if (!CM) return; // the bundle failed to load: the server-rendered code stays readable

  const READY = "go-editor-ready";
  const editors = new WeakMap(); // .go-editor element -> its state
  let hintCount = 0; // numbers the ids of the "how to leave the editor" hints
  const isMac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent || "");
  // A Content-Security-Policy nonce for the <style> CodeMirror adds (base.html sets it).
  const nonce = document.querySelector('meta[name="csp-nonce"]')?.content || "";

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
    writeEdits(state.editsKey, codeOf(state), state.original);
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

  // --- the view ---------------------------------------------------------------------------

  function codeOf(state) {
    return state.view.state.doc.toString();
  }

  // Replace the whole code in one undoable step: Ctrl+Z brings back what was there.
  function replaceCode(state, code) {
    const doc = state.view.state.doc;
    state.view.dispatch({
      changes: { from: 0, to: doc.length, insert: code },
      selection: { anchor: 0 },
      userEvent: "input.replace",
    });
  }

  function resetCode(state) {
    const before = codeOf(state);
    state.editor.querySelector(".go-editor-output")?.replaceChildren();
    if (before === state.original) {
      hideNote(state);
      return;
    }
    replaceCode(state, state.original);
    saveNow(state);
    showNote(state, "Code reset", "Undo reset", () => {
      replaceCode(state, before);
      saveNow(state);
      hideNote(state);
      state.view.focus();
    });
  }

  function dispatch(state, action) {
    state.editor.dispatchEvent(
      new CustomEvent(`go-editor:${action}`, {
        bubbles: true,
        detail: { editor: state.editor, code: codeOf(state) },
      }),
    );
  }

  function onChange(state) {
    state.input.value = codeOf(state);
    // Marks describe the code that ran: an edit clears them. Not from inside this update:
    // CodeMirror refuses a dispatch while one is being applied.
    if (state.marked) {
      const marks = state.marks;
      queueMicrotask(() => {
        if (state.marks === marks) clearProblems(state.editor); // unless marked anew since
      });
    }
    saveSoon(state);
  }

  function extensions(state, label, hintId) {
    const run = () => {
      state.editor.querySelector(".go-editor-run")?.click();
      return true;
    };
    const list = [
      CM.lineNumbers(),
      CM.highlightActiveLineGutter(),
      CM.highlightSpecialChars(),
      CM.history(),
      CM.drawSelection(),
      CM.indentOnInput(),
      CM.bracketMatching(),
      CM.closeBrackets(),
      CM.highlightSelectionMatches(),
      CM.search({ top: true }),
      CM.syntaxHighlighting(CM.classHighlighter),
      CM.go(),
      CM.indentUnit.of("\t"), // gofmt's indentation
      CM.EditorState.tabSize.of(4),
      CM.lintGutter(),
      CM.Prec.highest(CM.keymap.of([{ key: "Mod-Enter", run }])),
      // Tab indents; Esc then Tab (CodeMirror's own rule) moves focus out of the editor.
      CM.keymap.of([
        ...CM.closeBracketsKeymap,
        ...CM.defaultKeymap,
        ...CM.searchKeymap,
        ...CM.historyKeymap,
        ...CM.lintKeymap,
        CM.indentWithTab,
      ]),
      CM.EditorView.contentAttributes.of({
        "aria-label": label,
        "aria-describedby": hintId,
        autocapitalize: "off",
        autocorrect: "off",
        spellcheck: "false",
        // Focusable anyway (contenteditable); said outright so that checkers such as axe
        // see the scrolling code area as reachable by keyboard.
        tabindex: "0",
      }),
      CM.EditorView.updateListener.of((update) => {
        if (update.docChanged) onChange(state);
      }),
    ];
    if (nonce) list.push(CM.EditorView.cspNonce.of(nonce));
    return list;
  }

  // --- an example beside the text (wide screens, lesson pages) ----------------------------
  // Docking only adds classes: CSS fixes the editor to the right of the lesson (>= 1100 px)
  // and leaves a placeholder in the text. The element stays where it is in the page, so
  // htmx's targets inside it keep working; on narrow screens the classes do nothing.

  const DOCKED = "go-editor-docked";

  function undock(state) {
    state.editor.classList.remove(DOCKED);
    state.placeholder?.remove();
    state.placeholder = null;
    state.editor.closest("main")?.classList.remove("has-docked-example");
    const button = state.editor.querySelector(".go-editor-dock");
    if (button) button.setAttribute("aria-pressed", "false");
  }

  function dock(state) {
    const other = document.querySelector(`.${DOCKED}`);
    if (other && editors.has(other)) undock(editors.get(other));
    const placeholder = document.createElement("p");
    placeholder.className = "go-editor-placeholder";
    const back = document.createElement("button");
    back.type = "button";
    back.className = "link-button";
    back.textContent = "Put it back here";
    back.addEventListener("click", () => {
      undock(state);
      state.view.focus();
    });
    placeholder.replaceChildren("This example is open beside the text. ", back);
    state.editor.before(placeholder);
    state.placeholder = placeholder;
    state.editor.classList.add(DOCKED);
    state.editor.closest("main")?.classList.add("has-docked-example");
    state.editor.querySelector(".go-editor-dock")?.setAttribute("aria-pressed", "true");
    state.view.focus();
  }

  function addDockButton(state) {
    const toolbar = state.editor.querySelector(":scope > .go-editor-toolbar");
    if (!toolbar || !state.editor.closest(".lesson-body")) return;
    toolbar.querySelector(".go-editor-dock")?.remove(); // copied from a saved page
    const button = document.createElement("button");
    button.type = "button";
    button.className = "go-editor-dock";
    button.textContent = "Beside the text";
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", () => {
      if (state.editor.classList.contains(DOCKED)) undock(state);
      else dock(state);
    });
    toolbar.querySelector(".go-editor-reset")?.after(button);
  }

  function setup(editor) {
    if (editors.has(editor)) return editors.get(editor);
    const code = editor.querySelector(".go-editor-code");
    const pre = code && code.querySelector(".go-editor-highlight");
    const input = code && code.querySelector(".go-editor-input");
    if (!pre || !input) return null;
    // Markup copied from a set-up editor (a page saved by the browser): drop the old view.
    for (const stale of code.querySelectorAll(":scope > .cm-editor")) stale.remove();
    editor.querySelector(":scope > .go-editor-note")?.remove();
    editor.classList.remove("go-editor-docked");

    hintCount += 1;
    const hint = document.createElement("span");
    hint.className = "go-editor-leave";
    hint.id = `go-editor-leave-${hintCount}`;
    hint.textContent = "Press Esc, then Tab, to leave the editor";
    editor.querySelector(":scope > .go-editor-toolbar > .go-editor-leave")?.remove();
    editor.querySelector(":scope > .go-editor-toolbar")?.append(hint);

    const state = { editor, input, view: null, saveTimer: null, marked: false, marks: 0 };
    state.placeholder = null; // where a docked example sits in the text
    state.original = input.defaultValue;
    state.editsKey = editsKeyOf(editor, state.original);
    const kept = state.editsKey ? readEdits(state.editsKey) : null;
    const restored = kept !== null && kept !== state.original;
    const label = input.getAttribute("aria-label") || "Go code (editable)";
    state.view = new CM.EditorView({
      parent: code,
      state: CM.EditorState.create({
        doc: restored ? kept : input.value,
        extensions: extensions(state, label, hint.id),
      }),
    });
    input.value = codeOf(state);
    input.hidden = true;
    pre.hidden = true;
    editors.set(editor, state);
    editor.classList.add(READY);
    if (restored) showNote(state, "Restored your edits", "Reset", () => resetCode(state));

    // Save a pending edit when the page goes away (reload, navigation).
    window.addEventListener("pagehide", () => {
      if (state.saveTimer) saveNow(state);
    });
    for (const action of ["run", "run-race", "format"]) {
      const button = editor.querySelector(`.go-editor-${action}`);
      button?.addEventListener("click", () => dispatch(state, action));
    }
    editor
      .querySelector(".go-editor-reset")
      ?.addEventListener("click", () => resetCode(state));
    const keys = editor.querySelector(".go-editor-keys");
    if (keys && isMac) keys.textContent = "Cmd+Enter to run";
    addDockButton(state);
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
    if (!state || codeOf(state) === String(code)) return;
    replaceCode(state, String(code));
    saveNow(state);
  }

  /**
   * Mark problems on their lines: [{line, column, message, severity}], lines 1-based,
   * severity "error" (compile errors) or "warning" (go vet). Replaces earlier marks.
   */
  function markProblems(element, problems) {
    const state = stateOf(element);
    if (!state) return;
    const doc = state.view.state.doc;
    const diagnostics = (problems || []).map((problem) => {
      const number = Math.min(Math.max(Math.trunc(Number(problem.line)) || 1, 1), doc.lines);
      const line = doc.line(number);
      const column = Math.trunc(Number(problem.column)) || 0;
      const from = column > 0 ? Math.min(line.from + column - 1, line.to) : line.from;
      return {
        from,
        to: line.to,
        severity: problem.severity === "warning" ? "warning" : "error",
        message: String(problem.message ?? ""),
      };
    });
    state.view.dispatch(CM.setDiagnostics(state.view.state, diagnostics));
    state.marked = diagnostics.length > 0;
    state.marks += 1;
    const errors = diagnostics.some((each) => each.severity === "error");
    if (errors) state.view.contentDOM.setAttribute("aria-invalid", "true");
    else state.view.contentDOM.removeAttribute("aria-invalid");
  }

  function clearProblems(element) {
    const state = stateOf(element);
    if (!state) return;
    if (!state.marked) return;
    state.marked = false;
    state.view.dispatch(CM.setDiagnostics(state.view.state, []));
    state.view.contentDOM.removeAttribute("aria-invalid");
  }

  window.goEditor = Object.freeze({ init, setCode, markProblems, clearProblems });

  // Deferred scripts run before DOMContentLoaded; initialising twice is harmless.
  if (document.readyState !== "loading") init(document);
  document.addEventListener("DOMContentLoaded", () => init(document));
  // Editors swapped in by htmx. Listening costs nothing when htmx is absent or not loaded yet.
  document.addEventListener("htmx:load", (event) => init(event.detail && event.detail.elt));
})();
