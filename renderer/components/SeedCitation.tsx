// A citation of the vendor's documentation: `Huntress — "<title>", line 63: “<the line>”`, compact
// (the full quote on hover); activating it opens the page at that line (SeedViewer).
import { useEffect } from 'react';
import type { SeedPage } from '../../shared/api';
import type { SeedRef } from '../../shared/model/types';
import { citeSeed, decodeSeedLine, quoteSeedLine, seedInfo } from '../../shared/models/seeds';
import { useSlice, useStores } from '../app/context';
import { dataOf } from '../state/resource';
import { Dialog } from './Dialog';
import { Loading, ErrorState } from './Status';

/** `role`: the role the grant is of; a matrix row is then quoted by that role's column alone. */
export function SeedCitation({ source, role }: { source: SeedRef; role?: string }) {
  // A user's model file cites itself: there is no vendor page to open.
  if (!seedInfo(source.file))
    return <span className="citation citation-file">{`${source.file}, line ${source.line} (your model file)`}</span>;
  return <VendorCitation source={source} role={role} />;
}

function VendorCitation({ source, role }: { source: SeedRef; role?: string }) {
  const { seeds } = useStores();
  const page = useSlice(seeds, (s) => s.pages[source.file]);
  useEffect(() => {
    void seeds.getState().ensure(source.file);
  }, [seeds, source.file]);
  const lines = page ? dataOf(page)?.lines : undefined;
  const quote = lines ? quoteSeedLine(source.file, lines, source.line, role === undefined ? undefined : [role]) : '';
  const fullQuote = lines ? quoteSeedLine(source.file, lines, source.line) : '';
  const where = citeSeed(source);
  return (
    <button
      type="button"
      className="citation"
      title={fullQuote ? `${where}: “${fullQuote}”\n(open the page at this line)` : `${where} (open the page at this line)`}
      onClick={(event) => {
        event.stopPropagation();
        seeds.getState().view(source);
      }}
    >
      <span className="citation-where">{where}</span>
      {quote && <span className="citation-quote">: “{quote}”</span>}
    </button>
  );
}

/** The seed page of the open citation, the cited line marked and scrolled into view; Escape closes. */
export function SeedViewer() {
  const { seeds } = useStores();
  const viewing = useSlice(seeds, (s) => s.viewing);
  const page = useSlice(seeds, (s) => (s.viewing ? s.pages[s.viewing.file] : undefined));
  const info = viewing ? seedInfo(viewing.file) : undefined;
  const close = () => seeds.getState().close();
  return (
    <Dialog
      open={viewing !== null}
      onClose={close}
      size="lg"
      scrollable
      title={info ? `${info.platformName} — “${info.title}”` : (viewing?.file ?? '')}
      footer={
        <>
          <span className="dialog-footer-hint">
            {viewing && `Line ${viewing.line} of the vendor's page, as copied when the role model was written`}
          </span>
          <button type="button" className="btn" onClick={close}>
            Close
          </button>
        </>
      }
    >
      {viewing && page?.status === 'error' && (
        <ErrorState compact error={page.error} onRetry={() => void seeds.getState().ensure(viewing.file)} />
      )}
      {viewing && page?.status === 'ready' && <SeedLines page={page.data} line={viewing.line} />}
      {viewing && (!page || page.status === 'loading' || page.status === 'idle') && <Loading label="Opening the vendor's page…" />}
    </Dialog>
  );
}

function SeedLines({ page, line }: { page: SeedPage; line: number }) {
  const info = seedInfo(page.file);
  // After the dialog has opened (its effect runs after this one): bring the cited line into view.
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      const cited = document.getElementById(`seed-line-${line}`);
      cited?.scrollIntoView({ block: 'center' });
      cited?.focus({ preventScroll: true });
    });
    return () => cancelAnimationFrame(frame);
  }, [page, line]);
  return (
    <>
      {info?.lostSymbols && (
        <p className="muted small seed-note">
          This page lost its symbols when it was copied: in its matrix β (allowed) is shown as ✓ and π (not allowed) as ✗, so “✗ UI ✓ API”
          is not allowed in the user interface but allowed through the API. Hover a line to see it as copied.
        </p>
      )}
      <ol className="seed-lines" aria-label={`${page.title}, line by line`}>
        {page.lines.map((raw, i) => {
          const n = i + 1;
          const text = decodeSeedLine(page.file, raw);
          const cited = n === line;
          return (
            <li
              key={n}
              id={`seed-line-${n}`}
              className={cited ? 'seed-line cited' : 'seed-line'}
              aria-current={cited ? 'true' : undefined}
              tabIndex={cited ? -1 : undefined}
              title={text !== raw ? `As copied: ${raw}` : undefined}
            >
              <span className="seed-line-no" aria-hidden="true">
                {n}
              </span>
              <span className="seed-line-text">
                {cited && <span className="visually-hidden">Cited line {n}: </span>}
                {text || '\u00a0'}
              </span>
            </li>
          );
        })}
      </ol>
    </>
  );
}
