// Marks the page as scripted before it is painted: CSS shows the editors' toolbars and
// hides the no-JavaScript fallbacks (html.js / html.no-js).
document.documentElement.classList.replace("no-js", "js");
