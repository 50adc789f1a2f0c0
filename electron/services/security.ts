// The Content-Security-Policy of every page the app shows, in the desktop window and in browser mode:
// only the app's own files, no inline script, nothing remote.
//
// One inline stylesheet is allowed by its hash: the rule React Aria adds once to every page with a
// pressable control (`[data-react-aria-pressable] { touch-action: pan-x pan-y pinch-zoom }` in an
// @layer, from react-aria's usePress). A new React Aria that changes its text shows up as a CSP error
// in the browser tests.
const REACT_ARIA_PRESSABLE_STYLE = "'sha256-38RhXrc7EdReTKsOm23ZPOCUgniTUUcjky8QOOrQx6o='";

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  `style-src 'self' ${REACT_ARIA_PRESSABLE_STYLE}`,
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
