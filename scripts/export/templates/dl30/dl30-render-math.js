// Renders $...$ and $$...$$ in markdown cells with KaTeX (inlined above).
// Code cells and outputs are left alone: only .jp-MarkdownCell is scanned,
// and auto-render skips <code> and <pre> inside it.
document.addEventListener("DOMContentLoaded", function () {
  var options = {
    delimiters: [
      { left: "$$", right: "$$", display: true },
      { left: "\\[", right: "\\]", display: true },
      { left: "$", right: "$", display: false },
      { left: "\\(", right: "\\)", display: false },
    ],
    throwOnError: false,
  };
  var cells = document.querySelectorAll(".jp-MarkdownCell .jp-RenderedMarkdown");
  for (var i = 0; i < cells.length; i++) {
    window.renderMathInElement(cells[i], options);
  }
});
