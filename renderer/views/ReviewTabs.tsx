// A review's log (every action, who, when, before → after, paged) with the chain verified in words,
// and its remediation: each revoke and change of role checked in a later snapshot of the platform.
import { useEffect, useId, useState } from 'react';
import type { LogEntry, RemediationAnswer, ReviewLogPage, ReviewSummary, ReviewVerification } from '../../shared/reviews';
import { ApiError } from '../api/bridge';
import { useSlice, useStores } from '../app/context';
import { Badge } from '../components/Controls';
import { Icon } from '../components/Icon';
import { Empty, ErrorState, Loading } from '../components/Status';
import { fmtDateTime, fmtNumber, plural } from '../lib/format';
import { DECISION_WORDS } from '../state/reviews';
import { dataOf } from '../state/resource';
import { placeText } from '../state/what-if';
import type { Decision, ItemDecision, RemediationStatus } from '../../shared/reviews';

const LOG_PAGE = 50;

const decisionText = (d: ItemDecision | null) =>
  d
    ? `${DECISION_WORDS[d.decision as Decision]}${d.role ? ` to ${d.role}` : ''}${d.expires ? ` until ${d.expires}` : ''}${d.comment ? `: “${d.comment}”` : ''}${d.selfReason ? ` (own access: “${d.selfReason}”)` : ''}`
    : 'Undecided';

/** An entry as an auditor reads it: what was done, and the state before and after. */
function describe(e: LogEntry): { what: string; before: string; after: string } {
  const after = (e.after ?? {}) as Record<string, unknown>;
  const before = (e.before ?? {}) as Record<string, unknown>;
  switch (e.action) {
    case 'start':
      return {
        what: 'Started the review',
        before: '—',
        after: `${plural(Number(after.items), 'item')} frozen from snapshot #${String(after.snapshotId)}`,
      };
    case 'decide':
      return {
        what: `Decided item ${e.item}`,
        before: decisionText(e.before as ItemDecision | null),
        after: decisionText(e.after as ItemDecision),
      };
    case 'reassign':
      return {
        what: `Reassigned item ${e.item}`,
        before: String(before.reviewer),
        after: `${String(after.reviewer)} (“${String(after.note)}”)`,
      };
    case 'sign-off':
      return { what: 'Signed off', before: 'Open', after: `Signed by ${String(after.name)}: “${String(after.statement)}”` };
  }
}

export function ReviewLog({ review }: { review: ReviewSummary }) {
  const { client } = useStores();
  const [page, setPage] = useState(0);
  const [log, setLog] = useState<ReviewLogPage | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [verification, setVerification] = useState<ReviewVerification | null>(null);
  const [verifying, setVerifying] = useState(false);
  useEffect(() => {
    let live = true;
    client
      .reviewLog({ reviewId: review.id, from: page * LOG_PAGE, count: LOG_PAGE })
      .then((answer) => live && setLog(answer))
      .catch((e: unknown) => live && setError(ApiError.from(e)));
    return () => {
      live = false;
    };
  }, [client, review.id, review.decided, review.status, page]);
  const verify = async () => {
    setVerifying(true);
    try {
      setVerification(await client.verifyReview({ reviewId: review.id }));
    } catch (e) {
      setError(ApiError.from(e));
    } finally {
      setVerifying(false);
    }
  };
  if (error) return <ErrorState error={error} compact />;
  if (!log) return <Loading label="Loading the log…" />;
  const pages = Math.max(1, Math.ceil(log.total / LOG_PAGE));
  return (
    <div className="review-log">
      <div className="toolbar">
        <p className="muted">
          {plural(log.total, 'entry', 'entries')}, each chained to the one before by its SHA-256: a changed or removed entry breaks the
          chain.
        </p>
        <span className="toolbar-spacer" />
        <button type="button" className="btn btn-small" onClick={() => void verify()} disabled={verifying}>
          <Icon name="shield" /> Verify the log
        </button>
      </div>
      {verification && (
        <p className={verification.ok ? 'review-verified' : 'review-broken'} role="status">
          <Icon name={verification.ok ? 'check' : 'alert'} />{' '}
          {verification.ok
            ? `The log is intact: all ${plural(verification.entries, 'entry', 'entries')} chain correctly, and every item and the sign-off agree with it.`
            : `The log is broken${verification.problem?.seq != null ? ` at entry ${verification.problem.seq}` : verification.problem?.item != null ? ` at item ${verification.problem.item}` : ''}: ${verification.problem?.message ?? 'it does not verify'}.`}
        </p>
      )}
      <div className="table-wrap">
        <table className="table table-compact review-log-table">
          <thead>
            <tr>
              <th scope="col" className="num">
                Entry
              </th>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {log.entries.map((e) => {
              const d = describe(e);
              return (
                <tr key={e.seq}>
                  <td className="num" title={`SHA-256 ${e.hash}`}>
                    {e.seq}
                  </td>
                  <td>{fmtDateTime(e.at)}</td>
                  <td>{e.actor}</td>
                  <td>{d.what}</td>
                  <td>{d.before}</td>
                  <td>{d.after}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <div className="toolbar review-pager" role="group" aria-label="Log pages">
          <button type="button" className="btn btn-small" disabled={page === 0} onClick={() => setPage(page - 1)}>
            Previous
          </button>
          <span>
            Page {page + 1} of {pages}
          </span>
          <button type="button" className="btn btn-small" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
            Next
          </button>
        </div>
      )}
    </div>
  );
}

const STATUS: Record<RemediationStatus, { tone: 'success' | 'danger' | 'warning'; icon: 'check' | 'alert' | 'info'; words: string }> = {
  verified: { tone: 'success', icon: 'check', words: 'Verified' },
  'still-present': { tone: 'danger', icon: 'alert', words: 'Still present' },
  'changed-otherwise': { tone: 'warning', icon: 'info', words: 'Changed otherwise' },
};

export function Remediation({ review }: { review: ReviewSummary }) {
  const { client, snapshots } = useStores();
  const list = useSlice(snapshots, (s) => dataOf(s.list));
  const later = (list ?? []).filter((s) => s.platform === review.platform && s.id > review.snapshotId).sort((a, b) => b.id - a.id);
  const [chosen, setChosen] = useState<number | null>(null);
  const snapshotId = chosen ?? later[0]?.id ?? null;
  // The answer for the snapshot it was asked for: another snapshot chosen shows loading until its answer lands.
  const [result, setResult] = useState<{ snapshotId: number; answer?: RemediationAnswer; error?: ApiError } | null>(null);
  const id = useId();
  useEffect(() => {
    if (snapshotId === null) return;
    let live = true;
    client
      .remediation({ reviewId: review.id, snapshotId })
      .then((answer) => live && setResult({ snapshotId, answer }))
      .catch((e: unknown) => live && setResult({ snapshotId, error: ApiError.from(e) }));
    return () => {
      live = false;
    };
  }, [client, review.id, review.decided, snapshotId]);
  const answer = result?.snapshotId === snapshotId ? result.answer : undefined;
  const error = result?.snapshotId === snapshotId ? result.error : undefined;
  if (!list) return <Loading label="Loading snapshots…" />;
  if (snapshotId === null)
    return (
      <Empty icon="layers" title="No later snapshot yet">
        Import the next export of this platform: each revoke and change of role is then checked in it.
      </Empty>
    );
  return (
    <div className="review-remediation">
      <div className="toolbar">
        <div className="inline-field">
          <label htmlFor={`${id}-snapshot`}>Checked in</label>
          <select
            id={`${id}-snapshot`}
            className="select select-small"
            value={snapshotId}
            onChange={(e) => setChosen(Number(e.target.value))}
          >
            {later.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} (#{s.id}, imported {fmtDateTime(s.importedAt)})
              </option>
            ))}
          </select>
        </div>
        {answer && (
          <p className="muted">
            {fmtNumber(answer.counts.verified)} verified · {fmtNumber(answer.counts['still-present'])} still present ·{' '}
            {fmtNumber(answer.counts['changed-otherwise'])} changed otherwise
          </p>
        )}
      </div>
      {error ? (
        <ErrorState error={error} compact />
      ) : !answer ? (
        <Loading label="Checking the later snapshot…" />
      ) : answer.entries.length === 0 ? (
        <Empty icon="check" title="Nothing to remediate">
          No item of this review was revoked or changed to another role.
        </Empty>
      ) : (
        <div className="table-wrap">
          <table className="table table-compact review-remediation-table">
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Access</th>
                <th scope="col">Decision</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {answer.entries.map((e) => {
                const s = STATUS[e.status];
                return (
                  <tr key={e.item}>
                    <td>
                      <strong>{e.name || e.email}</strong>
                      <div className="muted">{e.email}</div>
                    </td>
                    <td>
                      {e.role} at {placeText(e.path)}
                    </td>
                    <td>{e.decision === 'revoke' ? 'Revoke' : `Change to ${e.newRole ?? 'another role'}`}</td>
                    <td>
                      <Badge tone={s.tone} title={s.words}>
                        <Icon name={s.icon} size={12} /> {e.detail}
                      </Badge>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
