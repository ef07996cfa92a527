// Wires the Go editors' Run and Format buttons, and exercises' Submit button, to the
// grader through htmx, and applies results back to the editors: compile errors and go vet
// findings marked on their lines, formatted code set.
(function () {
  "use strict";

  // An exercise sends all of its files together; a lesson block is one main.go.
  function filesOf(editor) {
    var workspace = editor.closest(".exercise-workspace");
    var values = {};
    if (!workspace) {
      values.code = editor.querySelector(".go-editor-input").value;
      return values;
    }
    workspace.querySelectorAll(".go-editor[data-file]").forEach(function (each) {
      values["file:" + each.getAttribute("data-file")] = each.querySelector(".go-editor-input").value;
    });
    return values;
  }

  function post(url, source, target, values) {
    if (!window.htmx) return;
    source.setAttribute("aria-busy", "true");
    window.htmx.ajax("POST", url, { source: source, target: target, swap: "innerHTML", values: values });
  }

  function send(kind, event) {
    var editor = event.detail.editor;
    var context = editor.closest("[data-run-url]");
    if (!context) return;
    if (window.goEditor) window.goEditor.clearProblems(editor);
    var values = kind === "format" ? { code: event.detail.code } : filesOf(editor);
    if (kind === "format" && editor.hasAttribute("data-file")) {
      values = {};
      values["file:" + editor.getAttribute("data-file")] = event.detail.code;
    }
    values.kind = kind === "format" ? "format" : "run";
    values.lesson = context.getAttribute("data-lesson-id") || "";
    values.block = editor.getAttribute("data-block") || "";
    // The lesson's choices for this example (courses/code_blocks.py, grader/forms.py).
    values.clock = editor.getAttribute("data-clock") || "";
    if (kind === "run-race") values.race = "on";
    post(context.getAttribute("data-run-url"), editor, editor.querySelector(".go-editor-output"), values);
  }

  document.addEventListener("go-editor:run", function (event) { send("run", event); });
  document.addEventListener("go-editor:run-race", function (event) { send("run-race", event); });
  document.addEventListener("go-editor:format", function (event) { send("format", event); });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".exercise-submit");
    // Without htmx the button submits its form: the server answers with a result page.
    if (!button || !window.htmx) return;
    event.preventDefault();
    var workspace = button.closest(".exercise-workspace");
    var first = workspace.querySelector(".go-editor");
    if (window.goEditor) {
      workspace.querySelectorAll(".go-editor").forEach(function (each) { window.goEditor.clearProblems(each); });
    }
    post(workspace.getAttribute("data-submit-url"), workspace, workspace.querySelector(".exercise-results"), filesOf(first));
  });

  function editorFor(result, file) {
    var editor = result.closest(".go-editor");
    if (editor) return editor;
    var workspace = result.closest(".exercise-workspace");
    if (!workspace) return null;
    return workspace.querySelector('.go-editor[data-file="' + CSS.escape(file || "") + '"]');
  }

  function applyResult(result) {
    var busy = result.closest("[aria-busy]");
    if (busy) busy.removeAttribute("aria-busy");
    if (!result.hasAttribute("data-status") || !window.goEditor) return;
    var byEditor = new Map();
    var lists = [[".run-errors li[data-line]", "error"], [".run-vet li[data-line]", "warning"],
      [".run-races li[data-line]", "error"]];
    lists.forEach(function (list) {
      result.querySelectorAll(list[0]).forEach(function (item) {
        var editor = editorFor(result, item.getAttribute("data-file"));
        if (!editor) return;
        if (!byEditor.has(editor)) byEditor.set(editor, []);
        byEditor.get(editor).push({
          line: parseInt(item.getAttribute("data-line"), 10),
          column: parseInt(item.getAttribute("data-column"), 10) || 0,
          message: item.textContent.trim(),
          severity: list[1],
        });
      });
    });
    result.querySelectorAll(".run-formatted").forEach(function (formatted) {
      var editor = editorFor(result, formatted.getAttribute("data-file"));
      if (editor) window.goEditor.setCode(editor, formatted.value);
    });
    byEditor.forEach(function (problems, editor) { window.goEditor.markProblems(editor, problems); });
  }

  document.addEventListener("htmx:load", function (event) {
    var element = event.detail.elt;
    if (!element.classList) return;
    if (element.classList.contains("run-result")) applyResult(element);
  });
})();
