// The parts of CodeMirror 6 that static/js/editor.js uses, exposed as window.CodeMirror.
// build.sh bundles this file with esbuild into static/vendor/codemirror/codemirror.min.js.
export { EditorState, Compartment, Prec } from "@codemirror/state";
export {
  EditorView,
  keymap,
  lineNumbers,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  drawSelection,
  dropCursor,
  rectangularSelection,
  placeholder,
} from "@codemirror/view";
export { defaultKeymap, history, historyKeymap, indentWithTab, undo } from "@codemirror/commands";
export {
  bracketMatching,
  foldGutter,
  foldKeymap,
  indentOnInput,
  indentUnit,
  syntaxHighlighting,
} from "@codemirror/language";
export { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
export { highlightSelectionMatches, search, searchKeymap } from "@codemirror/search";
export { lintGutter, lintKeymap, setDiagnostics } from "@codemirror/lint";
export { classHighlighter } from "@lezer/highlight";
export { go } from "@codemirror/lang-go";
