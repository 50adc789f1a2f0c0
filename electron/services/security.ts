// The Content-Security-Policy of every page the app shows, in the desktop window and in browser mode:
// only the app's own files, no inline script (but the report preview's, below), nothing remote.
//
// One inline stylesheet is allowed by its hash: the rule React Aria adds once to every page with a
// pressable control (`[data-react-aria-pressable] { touch-action: pan-x pan-y pinch-zoom }` in an
// @layer, from react-aria's usePress). A new React Aria that changes its text shows up as a CSP error
// in the browser tests.

import { TABLE_SCRIPT_SHA256 } from '../../shared/reports/html';

const REACT_ARIA_PRESSABLE_STYLE = "'sha256-38RhXrc7EdReTKsOm23ZPOCUgniTUUcjky8QOOrQx6o='";

// The Reports view previews a report in `<iframe sandbox="allow-scripts" srcdoc=…>`: an opaque origin,
// apart from the app, but a srcdoc document inherits the app's policy as well as keeping its own, so
// the report's one stylesheet and its pager script (shared/reports/html.ts) are allowed here by their
// hashes too. Both are the app's own constant text, never made from data; the app's page has neither.
// tests/reports/export.test.ts checks them against a rendered report.
const REPORT_STYLE = "'sha256-ek733KVNi7KkjjrSHWpF5+nw8Ra8KJXJIOXyB866dXM='";
const REPORT_PAGER_SCRIPT = `'${TABLE_SCRIPT_SHA256}'`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  `script-src 'self' ${REPORT_PAGER_SCRIPT}`,
  `style-src 'self' ${REACT_ARIA_PRESSABLE_STYLE} ${REPORT_STYLE}`,
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
