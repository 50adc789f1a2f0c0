// One review: its progress per reviewer, the evidence it froze (the snapshot's files with their
// SHA-256 and the completeness check), and three tabs: the items to decide (keyboard first: move, then
// one key per decision; a decision that needs a comment or a self-review reason asks for it), the log
// with its chain verified, and remediation checked in a later snapshot.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { RULE_IDS } from '../../shared/findings/settings';
import { DECISIONS, type Decision, type ReviewItem } from '../../shared/reviews';
import { ApiError } from '../api/bridge';
import { useSlice, useStores } from '../app/context';
import { useReloadTick, useSearchPause } from '../app/hooks';
import { Badge, PageHeader, SearchField } from '../components/Controls';
import { Icon } from '../components/Icon';
import { Empty, ErrorState, Loading } from '../components/Status';
import { VirtualList } from '../components/VirtualList';
import { fmtDate, fmtDateTime, fmtNumber, lastName, plural } from '../lib/format';
import {
  DECISION_WORDS,
  REVIEW_TABS,
  filtered,
  recommendationWords,
  type ReviewFilters,
  type ReviewMeta,
  type ReviewTab,
} from '../state/reviews';
import { placeText } from '../state/what-if';
import { BulkDialog, byField, DecideDialog, SignOffDialog, type Deciding } from './ReviewDialogs';
import { ReviewLog, Remediation } from './ReviewTabs';
import { ProgressBar, progressWords, today } from './ReviewsView';

const ROW = 64;

const DECISION_TONES: Record<Decision, 'success' | 'danger' | 'warning' | 'neutral'> = {
  keep: 'success',
  revoke: 'danger',
  modify: 'warning',
  exception: 'warning',
  'dont-know': 'neutral',
};

const TAB_WORDS: Record<ReviewTab, string> = { items: 'Items', log: 'Log', remediation: 'Remediation' };

export function ReviewPage({ reviewId }: { reviewId: number }) {
  const { reviews } = useStores();
  const meta = useSlice(reviews.rows.store, (s) => (s.key && JSON.parse(s.key).reviewId === reviewId ? s.meta : null));
  const status = useSlice(reviews.rows.store, (s) => s.status);
  const error = useSlice(reviews.rows.store, (s) => s.error);
  const tab = useSlice(reviews, (s) => s.tab);
  const back = (
    <button type="button" className="link review-back" onClick={() => reviews.getState().open(null)}>
      <Icon name="chevronRight" size={14} className="flip" /> All reviews
    </button>
  );
  return (
    <div className="page page-fill review-page">
      {back}
      <ItemsLoader reviewId={reviewId} />
      {status === 'error' && !meta && error ? (
        <ErrorState error={error} onRetry={() => void reviews.load(reviewId, reviews.getState().search, true)} />
      ) : !meta ? (
        <Loading label="Loading the review…" />
      ) : (
        <>
          <Header meta={meta} />
          <Tabs className="review-tabs" selectedKey={tab} onSelectionChange={(key) => reviews.getState().setTab(key as ReviewTab)}>
            <TabList className="tab-list" aria-label="Review">
              {REVIEW_TABS.map((t) => (
                <Tab key={t} id={t} className="tab">
                  {TAB_WORDS[t]}
                </Tab>
              ))}
            </TabList>
            <TabPanel id="items" className="tab-panel review-items-panel">
              <Items meta={meta} />
            </TabPanel>
            <TabPanel id="log" className="tab-panel">
              <ReviewLog review={meta.review} />
            </TabPanel>
            <TabPanel id="remediation" className="tab-panel">
              <Remediation review={meta.review} />
            </TabPanel>
          </Tabs>
        </>
      )}
    </div>
  );
}

/** Asks for the items whenever the filters change (the search once typing pauses). */
function ItemsLoader({ reviewId }: { reviewId: number }) {
  const { reviews } = useStores();
  const f = useSlice(reviews, (s) => s);
  const search = useSearchPause(f.search);
  const tick = useReloadTick();
  const seenTick = useRef(tick);
  useEffect(() => {
    // "Reload" asks again even when nothing else changed.
    const force = tick !== seenTick.current;
    seenTick.current = tick;
    void reviews.load(reviewId, search, force);
  }, [reviews, reviewId, search, tick, f.recommendation, f.changed, f.privileged, f.undecided, f.reviewer, f.decision]);
  return null;
}

function Header({ meta }: { meta: ReviewMeta }) {
  const { review: r, manifest: m, progress } = meta;
  const [signing, setSigning] = useState(false);
  const signed = r.status === 'signed';
  const late = !signed && r.due !== null && r.due < today();
  return (
    <>
      <PageHeader
        title={r.name}
        description={
          <>
            {m.snapshot.name} · {r.scope ? placeText(r.scope) : 'All tenants'} · {r.due ? `due ${fmtDate(r.due)}` : 'no due date'}
            {late && (
              <>
                {' '}
                <Badge tone="danger">Overdue</Badge>
              </>
            )}{' '}
            · started {fmtDateTime(r.createdAt)} by {r.createdBy}
          </>
        }
        actions={
          signed ? (
            <span className="review-locked" role="status">
              <Icon name="check" /> Signed off by {r.signOff?.name} on {r.signOff ? fmtDateTime(r.signOff.at) : ''} · locked
            </span>
          ) : (
            <button type="button" className="btn btn-primary" onClick={() => setSigning(true)}>
              <Icon name="check" /> Sign off…
            </button>
          )
        }
      />
      {signed && r.signOff && <p className="review-statement">“{r.signOff.statement}”</p>}
      <div className="review-cards">
        <section className="card review-progress" aria-label="Progress">
          <h2 className="card-title">Progress: {progressWords(r.decided, r.items)}</h2>
          <ProgressBar decided={r.decided} items={r.items} label="All reviewers" />
          <ul className="progress-list review-progress-list">
            {progress.map((p) => (
              <li key={p.reviewer}>
                <div className="progress-head">
                  <span>{p.reviewer}</span>
                  <span className="muted">{progressWords(p.decided, p.items)}</span>
                </div>
                <ProgressBar decided={p.decided} items={p.items} label={p.reviewer} />
              </li>
            ))}
          </ul>
        </section>
        <section className="card review-evidence" aria-label="Evidence">
          <h2 className="card-title">What was frozen</h2>
          <p className={m.complete ? 'review-complete' : 'review-incomplete'}>
            <Icon name={m.complete ? 'check' : 'alert'} />{' '}
            {m.complete
              ? `Complete: ${plural(m.items, 'item')}, every one of the ${fmtNumber(m.assignmentsInScope)} imported assignments in scope.`
              : `Incomplete: ${plural(m.items, 'item')} for ${fmtNumber(m.assignmentsInScope)} assignments in scope.`}
          </p>
          <table className="table table-compact review-files">
            <caption className="muted">
              Files of “{m.snapshot.name}”, imported {fmtDateTime(m.snapshot.importedAt)}
            </caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">SHA-256</th>
                <th scope="col" className="num">
                  Rows
                </th>
              </tr>
            </thead>
            <tbody>
              {m.files.map((f) => (
                <tr key={f.sha256 + f.name}>
                  <td>{f.name}</td>
                  <td>
                    <Hash value={f.sha256} label={`SHA-256 of ${f.name}`} />
                  </td>
                  <td className="num">{fmtNumber(f.rows)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted review-population">
            Population fingerprint: <Hash value={m.populationSha256} label="SHA-256 of the items as frozen" />
          </p>
        </section>
      </div>
      {signing && <SignOffDialog review={r} onClose={() => setSigning(false)} />}
    </>
  );
}

/** A SHA-256, shortened, the whole of it in the tooltip and a button to copy it. */
export function Hash({ value, label }: { value: string; label: string }) {
  const { ui } = useStores();
  return (
    <span className="hash">
      <code title={value}>{value.slice(0, 12)}…</code>
      <button
        type="button"
        className="btn btn-icon btn-ghost btn-tiny"
        aria-label={`Copy ${label}`}
        title={`Copy the whole ${label}`}
        onClick={() =>
          void navigator.clipboard
            ?.writeText(value)
            .then(() => ui.getState().notify('Copied', 'success'))
            .catch(() => ui.getState().notify(`Could not copy; the ${label} is ${value}`, 'error'))
        }
      >
        <Icon name="file" size={12} />
      </button>
    </span>
  );
}

function Items({ meta }: { meta: ReviewMeta }) {
  const { reviews, client, ui } = useStores();
  const { review } = meta;
  const rows = reviews.rows;
  const total = useSlice(rows.store, (s) => s.total);
  useSlice(rows.store, (s) => s.version);
  const filters = useSlice(reviews, (s) => s);
  const [active, setActive] = useState(0);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [deciding, setDeciding] = useState<Deciding | null>(null);
  const [bulk, setBulk] = useState<'decide' | 'reassign' | null>(null);
  const range = useRef({ start: 0, end: 0 });
  const list = useRef<HTMLDivElement>(null);
  const locked = review.status === 'signed';
  const listId = useId();

  const onRange = useCallback(
    (start: number, end: number) => {
      range.current = { start, end };
      rows.show(start, end);
    },
    [rows],
  );
  const cursor = Math.max(0, Math.min(total - 1, active));
  const current = rows.rowAt(cursor);

  /** Asks again after a change; the rows in view are fetched again too. */
  const refresh = async () => {
    await reviews.load(review.id, reviews.getState().search, true);
    rows.show(range.current.start, range.current.end);
    void reviews.loadList();
  };
  /** After a decision on item `n`: the next undecided item after it (as far as the list holds), else where it was. */
  const advance = (n: number) => {
    const count = rows.store.getState().total;
    for (let i = 0; i < count; i++) {
      const row = rows.rowAt(i);
      if (row && row.number > n && row.decision === null) {
        setActive(i);
        return;
      }
    }
    setActive(Math.min(cursor, Math.max(0, count - 1)));
  };
  const focusList = () => requestAnimationFrame(() => list.current?.focus());

  /** A decision on one item: asked for its comment, role, expiry or self-review reason when the service says it needs one. */
  const decide = async (item: ReviewItem, decision: Decision) => {
    const request = { reviewId: review.id, decisions: [{ items: [item.number], decision }] };
    try {
      await client.decide({ ...request, check: true });
      if (decision === 'modify' || decision === 'exception') {
        setDeciding({ items: [item], decision, needs: {} });
        return;
      }
      await client.decide(request);
      await refresh();
      advance(item.number);
    } catch (error) {
      const e = ApiError.from(error);
      if (e.kind === 'input' && e.problems.length > 0) setDeciding({ items: [item], decision, needs: byField(e, true) });
      else ui.getState().notify(`Not decided: ${e.message}`, 'error');
    }
  };

  const KEYS: Record<string, Decision> = {
    K: 'keep',
    r: 'revoke',
    R: 'revoke',
    m: 'modify',
    M: 'modify',
    e: 'exception',
    E: 'exception',
    d: 'dont-know',
    D: 'dont-know',
  };
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const move = (i: number) => setActive(Math.max(0, Math.min(total - 1, i)));
    const page = Math.max(1, range.current.end - range.current.start - 2);
    const moves: Record<string, () => void> = {
      ArrowDown: () => move(cursor + 1),
      j: () => move(cursor + 1),
      J: () => move(cursor + 1),
      ArrowUp: () => move(cursor - 1),
      k: () => move(cursor - 1),
      Home: () => move(0),
      End: () => move(total - 1),
      PageDown: () => move(cursor + page),
      PageUp: () => move(cursor - page),
    };
    if (moves[event.key]) {
      event.preventDefault();
      moves[event.key]();
      return;
    }
    if (!current) return;
    if (event.key === ' ') {
      event.preventDefault();
      const next = new Set(selected);
      if (next.has(current.number)) next.delete(current.number);
      else next.add(current.number);
      setSelected(next);
      return;
    }
    const decision = KEYS[event.key];
    const comment = event.key === 'c' || event.key === 'C' || event.key === 'Enter';
    if (!decision && !comment) return;
    event.preventDefault();
    if (locked) {
      ui.getState().notify('This review is signed off: its decisions cannot change.', 'info');
      return;
    }
    if (decision) void decide(current, decision);
    else setDeciding({ items: [current], decision: current.decision?.decision ?? 'keep', needs: {} });
  };

  const targets =
    selected.size > 0 ? plural(selected.size, 'selected item') : total === 1 ? 'the 1 item shown' : `all ${plural(total, 'item')} shown`;
  return (
    <div className="review-items">
      <Filters meta={meta} />
      <div className="toolbar review-actions">
        <p className="review-shown" role="status">
          {filtered(filters) ? `${fmtNumber(total)} of ${plural(review.items, 'item')}` : plural(total, 'item')}
          {selected.size > 0 && ` · ${fmtNumber(selected.size)} selected`}
        </p>
        <span className="toolbar-spacer" />
        {selected.size > 0 && (
          <button type="button" className="btn btn-small btn-ghost" onClick={() => setSelected(new Set())}>
            Clear selection
          </button>
        )}
        {!locked && (
          <>
            <button type="button" className="btn btn-small" disabled={total === 0} onClick={() => setBulk('decide')}>
              Decide {targets}…
            </button>
            <button type="button" className="btn btn-small" disabled={total === 0} onClick={() => setBulk('reassign')}>
              Reassign {targets}…
            </button>
          </>
        )}
      </div>
      <p className="review-keys" id={`${listId}-keys`}>
        {locked ? (
          <>Signed off and locked: the decisions are shown as they were signed.</>
        ) : (
          <>
            <kbd>↓</kbd> <kbd>↑</kbd> or <kbd>J</kbd> <kbd>K</kbd> next, previous · <kbd>Shift</kbd>+<kbd>K</kbd> keep · <kbd>R</kbd> revoke
            · <kbd>M</kbd> change role · <kbd>E</kbd> exception · <kbd>D</kbd> don’t know · <kbd>C</kbd> comment · <kbd>Space</kbd> select
          </>
        )}
      </p>
      {total === 0 ? (
        <Empty icon="search" title="No item matches the filters">
          Clear a filter to see more items.
        </Empty>
      ) : (
        <VirtualList
          ref={list}
          className="review-list"
          role="listbox"
          aria-label="Items"
          aria-multiselectable="true"
          aria-describedby={`${listId}-keys`}
          aria-activedescendant={current ? `${listId}-item-${current.number}` : undefined}
          tabIndex={0}
          style={{ height: `min(62vh, ${Math.max(4, total) * ROW + 2}px)` }}
          count={total}
          rowHeight={ROW}
          onRange={onRange}
          ensureVisible={cursor}
          resetKey={JSON.stringify(filters.search) + filters.recommendation + filters.reviewer + filters.decision}
          onKeyDown={onKeyDown}
          renderRow={(i) => {
            const item = rows.rowAt(i);
            const previous = i > 0 ? rows.rowAt(i - 1) : undefined;
            return (
              <ItemRow
                key={i}
                id={item ? `${listId}-item-${item.number}` : undefined}
                item={item}
                first={!previous || previous.email !== item?.email}
                active={i === cursor}
                selected={item ? selected.has(item.number) : false}
                onPick={() => {
                  setActive(i);
                  list.current?.focus();
                }}
                onToggle={() => {
                  if (!item) return;
                  const next = new Set(selected);
                  if (next.has(item.number)) next.delete(item.number);
                  else next.add(item.number);
                  setSelected(next);
                }}
              />
            );
          }}
        />
      )}
      {deciding && (
        <DecideDialog
          review={review}
          snapshot={meta.manifest.snapshot}
          deciding={deciding}
          onClose={() => {
            setDeciding(null);
            focusList();
          }}
          onDone={async (numbers) => {
            setDeciding(null);
            await refresh();
            advance(Math.max(...numbers));
            focusList();
          }}
        />
      )}
      {bulk && (
        <BulkDialog
          kind={bulk}
          review={review}
          selected={[...selected]}
          total={total}
          onClose={() => {
            setBulk(null);
            focusList();
          }}
          onDone={async () => {
            setBulk(null);
            setSelected(new Set());
            await refresh();
            setActive(0);
            focusList();
          }}
        />
      )}
    </div>
  );
}

function Filters({ meta }: { meta: ReviewMeta }) {
  const { reviews } = useStores();
  const f = useSlice(reviews, (s) => s);
  const id = useId();
  const set = (change: Partial<ReviewFilters>) => reviews.getState().setFilters(change);
  return (
    <div className="toolbar review-filters" role="group" aria-label="Filters">
      <div className="inline-field">
        <label htmlFor={`${id}-rec`}>Recommendation</label>
        <select
          id={`${id}-rec`}
          className="select select-small"
          value={f.recommendation ?? ''}
          onChange={(e) => set({ recommendation: (e.target.value || null) as ReviewFilters['recommendation'] })}
        >
          <option value="">Any</option>
          {RULE_IDS.map((r) => (
            <option key={r} value={r}>
              {recommendationWords(r)}
            </option>
          ))}
        </select>
      </div>
      <div className="inline-field">
        <label htmlFor={`${id}-reviewer`}>Reviewer</label>
        <select
          id={`${id}-reviewer`}
          className="select select-small"
          value={f.reviewer ?? ''}
          onChange={(e) => set({ reviewer: e.target.value || null })}
        >
          <option value="">Anyone</option>
          {meta.progress.map((p) => (
            <option key={p.reviewer} value={p.reviewer}>
              {p.reviewer}
            </option>
          ))}
        </select>
      </div>
      <div className="inline-field">
        <label htmlFor={`${id}-decision`}>Decision</label>
        <select
          id={`${id}-decision`}
          className="select select-small"
          value={f.decision ?? ''}
          onChange={(e) => set({ decision: (e.target.value || null) as Decision | null })}
        >
          <option value="">Any</option>
          {DECISIONS.map((d) => (
            <option key={d} value={d}>
              {DECISION_WORDS[d]}
            </option>
          ))}
        </select>
      </div>
      <label className="inline-field check-field">
        <input type="checkbox" checked={f.undecided} onChange={(e) => set({ undecided: e.target.checked })} />
        <span>Undecided</span>
      </label>
      <label className="inline-field check-field">
        <input type="checkbox" checked={f.privileged} onChange={(e) => set({ privileged: e.target.checked })} />
        <span>Privileged</span>
      </label>
      <label className="inline-field check-field">
        <input type="checkbox" checked={f.changed} onChange={(e) => set({ changed: e.target.checked })} />
        <span>Changed since last review</span>
      </label>
      <SearchField label="Filter by person, role or tenant" value={f.search} onChange={(search) => set({ search })} />
    </div>
  );
}

/** One item: the person (on the first of their items), the access, its marks and recommendations, the decision. */
function ItemRow({
  id,
  item,
  first,
  active,
  selected,
  onPick,
  onToggle,
}: {
  id?: string;
  item: ReviewItem | undefined;
  first: boolean;
  active: boolean;
  selected: boolean;
  onPick: () => void;
  onToggle: () => void;
}) {
  if (!item)
    return (
      <div className="review-row review-row-loading" style={{ height: ROW }} aria-hidden="true">
        <span className="muted">Loading…</span>
      </div>
    );
  const d = item.decision;
  const label = [
    `Item ${item.number}: ${item.name || item.email}`,
    `${item.role} at ${placeText(item.path)}`,
    item.privileged ? 'privileged' : '',
    d ? `decided: ${DECISION_WORDS[d.decision]}` : 'undecided',
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <div
      id={id}
      role="option"
      aria-selected={selected}
      aria-label={label}
      className={`review-row${first ? ' review-row-first' : ''}${active ? ' active' : ''}${selected ? ' selected' : ''}${d ? ' decided' : ''}`}
      style={{ height: ROW }}
      onClick={onPick}
    >
      <span
        className="review-check"
        aria-hidden="true"
        onClick={(e) => {
          e.stopPropagation();
          onToggle();
        }}
      >
        {selected && <Icon name="check" size={12} />}
      </span>
      <span className="review-person">
        {first ? (
          <>
            <strong>{item.name || item.email}</strong>
            <span className="muted">{item.email}</span>
          </>
        ) : (
          <span className="review-same muted" title={item.email}>
            {item.name || item.email}
          </span>
        )}
      </span>
      <span className="review-access">
        <span title={`${item.role} at ${placeText(item.path)}`}>
          <strong>{item.role}</strong> at {lastName(item.path)}
        </span>
        <span className="review-marks">
          <span className="muted">#{item.number}</span>
          {item.privileged && <Badge tone="warning">Privileged access</Badge>}
          {item.changed && (
            <Badge tone="accent" title={item.changed}>
              Changed: {item.changed}
            </Badge>
          )}
        </span>
      </span>
      <span className="review-recs">
        {item.recommendations
          .filter((r) => r.rule !== 'privileged-access')
          .map((r) => (
            <Badge key={r.rule} tone={r.severity === 'critical' || r.severity === 'high' ? 'danger' : 'neutral'} title={r.title}>
              {recommendationWords(r.rule)}
            </Badge>
          ))}
      </span>
      <span className="review-decision">
        {d ? (
          <>
            <Badge tone={DECISION_TONES[d.decision]}>
              {DECISION_WORDS[d.decision]}
              {d.role ? ` to ${d.role}` : ''}
              {d.expires ? ` until ${fmtDate(d.expires)}` : ''}
            </Badge>
            {d.comment && (
              <span className="review-comment" title={d.comment}>
                “{d.comment}”
              </span>
            )}
            {d.selfReason && (
              <span className="review-comment" title={d.selfReason}>
                Own access: “{d.selfReason}”
              </span>
            )}
          </>
        ) : (
          <span className="muted">Undecided</span>
        )}
      </span>
      <span className="review-reviewer muted" title={`Reviewer: ${item.reviewer}`}>
        {item.reviewer}
      </span>
    </div>
  );
}

/** A decision on one item, with what it needs: a comment, a role, an expiry, a self-review reason. */
