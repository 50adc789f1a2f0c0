// Payloads for the report tests (plain values: the browser tests import them too, without the service).

/** Text that would run as script or markup if a page wrote it as HTML. */
export const MARKUP = {
  name: '<img src=x onerror="window.__pwned=1">',
  tenant: 'Acme <script>window.__pwned=1</script>',
  /** An email may hold ' and &, not < or >: the importer refuses those. */
  email: "o'neil&co@evil.example",
  comment: '</td></tr></table><iframe src="https://evil.example/"></iframe><script>window.__pwned=1</script>',
  reviewName: '<b onmouseover=window.__pwned=1>Q4</b>',
};

/** Names a spreadsheet would run as formulas: each starts with one of = + - @. */
export const FORMULA_NAMES = ['=HYPERLINK("https://evil.example")', '+1+cmd|" /C calc"!A0', '-2+3', '@SUM(1)'];
/** Comments that start with a tab or a CR (an import trims names; a comment is kept as written). */
export const FORMULA_COMMENTS = ['\t=1+1', '\r=1+1'];
