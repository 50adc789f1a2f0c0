// The system Chromium (Debian's /usr/bin/chromium) as the browser tests and the bench launch it, with
// the flags the CLI prints PDFs with.
export { CHROMIUM_ARGS } from '../electron/services/report-pdf';
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
