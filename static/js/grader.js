// Wires the Go editors' Run and Format buttons to the grader through htmx, and applies
// results back to the editor: compile errors marked on their lines, formatted code set.
(function () {
  "use strict";

  function editorContext(editor) {
    var article = editor.closest("[data-run-url]");
    return article && {
      url: article.getAttribute("data-run-url"),
      lesson: article.getAttribute("data-lesson-id") || "",
    };
  }

  function send(kind, event) {
    var editor = event.detail.editor;
    var context = editorContext(editor);
    if (!context || !window.htmx) return;
    var output = editor.querySelector(".go-editor-output");
    if (window.goEditor) window.goEditor.clearErrors(editor);
    editor.setAttribute("aria-busy", "true");
    window.htmx.ajax("POST", context.url, {
      source: editor,
      target: output,
      swap: "innerHTML",
      values: {
        code: event.detail.code,
        kind: kind,
        lesson: context.lesson,
        block: editor.getAttribute("data-block") || "",
      },
    });
  }

  document.addEventListener("go-editor:run", function (event) { send("run", event); });
  document.addEventListener("go-editor:format", function (event) { send("format", event); });

  function applyResult(result) {
    var editor = result.closest(".go-editor");
    if (!editor || !result.hasAttribute("data-status")) return;
    editor.removeAttribute("aria-busy");
    if (!window.goEditor) return;
    var errors = [];
    result.querySelectorAll(".run-errors li[data-line]").forEach(function (item) {
      errors.push({
        line: parseInt(item.getAttribute("data-line"), 10),
        column: parseInt(item.getAttribute("data-column"), 10) || 0,
        message: item.textContent.trim(),
      });
    });
    if (errors.length) window.goEditor.markErrors(editor, errors);
    var formatted = result.querySelector(".run-formatted");
    if (formatted) window.goEditor.setCode(editor, formatted.value);
  }

  document.addEventListener("htmx:load", function (event) {
    var element = event.detail.elt;
    if (element.classList && element.classList.contains("run-result")) applyResult(element);
    if (element.classList && element.classList.contains("run-notice")) {
      var editor = element.closest(".go-editor");
      if (editor) editor.removeAttribute("aria-busy");
    }
  });
})();
