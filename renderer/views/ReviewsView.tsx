// Reviews: the access review campaigns of the database, each with its snapshot, scope, due date,
// status and progress; starting one (a name, a scope, its reviewers and a due date, with a live
// preview of the population before it starts); and a review's own page (ReviewPage).
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import type { ReviewSetup } from '../../shared/api';
import type { ReviewPreview, ReviewSummary } from '../../shared/reviews';
import { ApiError } from '../api/bridge';
import { useSlice, useStores } from '../app/context';
import { useReloadTick, useSnapshot } from '../app/hooks';
import { PageHeader } from '../components/Controls';
import { Dialog } from '../components/Dialog';
import { FormField, invalidProps, without } from '../components/Field';
import { Icon } from '../components/Icon';
import { ScopePicker } from '../components/Pickers';
import { Empty, ErrorState, Loading, Spinner } from '../components/Status';
import { fmtDate, fmtDateTime, fmtNumber, plural } from '../lib/format';
import { dataOf } from '../state/resource';
import { placeText } from '../state/what-if';
import { ReviewPage } from './ReviewPage';

export function ReviewsView() {
  const { reviews } = useStores();
  const reviewId = useSlice(reviews, (s) => s.reviewId);
  const tick = useReloadTick();
  useEffect(() => {
    void reviews.loadList();
  }, [reviews, tick, reviewId]);
  return reviewId === null ? <ReviewList /> : <ReviewPage key={reviewId} reviewId={reviewId} />;
}

/** Today, YYYY-MM-DD (the computer's day). */
export const today = () => new Date(Date.now() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 10);

/** Progress as words: "120 of 266 decided". */
export const progressWords = (decided: number, items: number) => `${fmtNumber(decided)} of ${fmtNumber(items)} decided`;

export function ProgressBar({ decided, items, label }: { decided: number; items: number; label: string }) {
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={items}
      aria-valuenow={decided}
      aria-valuetext={progressWords(decided, items)}
    >
      <div className="progress-bar" style={{ width: `${items === 0 ? 100 : Math.round((decided / items) * 100)}%` }} />
    </div>
  );
}

function ReviewList() {
  const { reviews, snapshots } = useStores();
  const list = useSlice(reviews, (s) => s.list);
  const snapshotList = useSlice(snapshots, (s) => dataOf(s.list));
  const [starting, setStarting] = useState(false);
  const data = dataOf(list);
  const snapshotName = (id: number) => snapshotList?.find((s) => s.id === id)?.name ?? `Snapshot #${id}`;
  const canStart = (snapshotList?.length ?? 0) > 0;
  return (
    <div className="page">
      <PageHeader
        title="Reviews"
        description="Access reviews for SOC 2 and ISO 27001: the population of a snapshot frozen as items, a reviewer's decision with a reason for each, a sign-off, a log that shows any tampering, and proof that revoked access was removed."
        actions={
          <button type="button" className="btn btn-primary" disabled={!canStart} onClick={() => setStarting(true)}>
            <Icon name="plus" /> Start a review…
          </button>
        }
      />
      {list.status === 'error' ? (
        <ErrorState error={list.error} onRetry={() => void reviews.loadList()} />
      ) : !data ? (
        <Loading label="Loading reviews…" />
      ) : data.length === 0 ? (
        <Empty icon="clipboard" title="No reviews yet">
          {canStart
            ? 'Start a review on a snapshot: every role assignment in its scope becomes an item for a reviewer to decide.'
            : 'Import a snapshot first: a review is of the accounts and roles an export holds.'}
        </Empty>
      ) : (
        <div className="table-wrap">
          <table className="table reviews-table">
            <thead>
              <tr>
                <th scope="col">Review</th>
                <th scope="col">Snapshot</th>
                <th scope="col">Scope</th>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
                <th scope="col">Progress</th>
              </tr>
            </thead>
            <tbody>
              {data.map((r) => (
                <ReviewRow key={r.id} review={r} snapshot={snapshotName(r.snapshotId)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {starting && <StartDialog onClose={() => setStarting(false)} />}
    </div>
  );
}

const overdue = (r: ReviewSummary) => r.status === 'started' && r.due !== null && r.due < today();

function ReviewRow({ review: r, snapshot }: { review: ReviewSummary; snapshot: string }) {
  const { reviews, client } = useStores();
  const [progress, setProgress] = useState<{ reviewer: string; items: number; decided: number }[] | null>(null);
  useEffect(() => {
    let live = true;
    client
      .review({ reviewId: r.id, count: 1 })
      .then((d) => live && setProgress(d.progress))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [client, r.id, r.decided]);
  return (
    <tr>
      <td>
        <button type="button" className="link review-name" onClick={() => reviews.getState().open(r.id)}>
          {r.name}
        </button>
        <div className="muted review-sub">
          Started {fmtDateTime(r.createdAt)} by {r.createdBy}
        </div>
      </td>
      <td>{snapshot}</td>
      <td>{r.scope ? placeText(r.scope) : 'All tenants'}</td>
      <td>
        {r.due ? fmtDate(r.due) : <span className="muted">None</span>}
        {overdue(r) && (
          <span className="badge badge-danger review-overdue">
            <Icon name="alert" size={12} /> Overdue
          </span>
        )}
      </td>
      <td>
        {r.status === 'signed' ? (
          <span
            className="badge badge-success"
            title={r.signOff ? `Signed off by ${r.signOff.name} on ${fmtDateTime(r.signOff.at)}` : undefined}
          >
            <Icon name="check" size={12} /> Signed off
          </span>
        ) : (
          <span className="badge badge-accent">Open</span>
        )}
      </td>
      <td className="review-progress-cell">
        <div className="review-progress-head">{progressWords(r.decided, r.items)}</div>
        <ProgressBar decided={r.decided} items={r.items} label={`${r.name}: progress`} />
        {progress && progress.length > 1 && (
          <ul className="review-reviewers">
            {progress.map((p) => (
              <li key={p.reviewer}>
                {p.reviewer}: {progressWords(p.decided, p.items)}
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}

interface ReviewerDraft {
  /** A tenant path; null: everything no other row covers. */
  scope: string | null;
  reviewer: string;
}

/** The field of the start form a problem is about, from its words. */
function startField(message: string): string {
  if (/reviewer/i.test(message)) return 'reviewers';
  if (/^name\b|\bname:/i.test(message)) return 'name';
  if (/\bdue\b/i.test(message)) return 'due';
  if (/scope|tenant/i.test(message)) return 'scope';
  return 'other';
}

function errorsOf(error: unknown): Record<string, string> {
  const e = ApiError.from(error);
  const errors: Record<string, string> = {};
  const messages = e.problems.length > 0 ? e.problems.map((p) => p.message) : [e.message];
  for (const m of messages) {
    const field = startField(m);
    errors[field] = errors[field] ? `${errors[field]}; ${m}` : m;
  }
  return errors;
}

/** Starting a review: its name, snapshot, scope, reviewers and due date, previewed live before it starts. */
function StartDialog({ onClose }: { onClose: () => void }) {
  const { reviews, snapshots, client, ui } = useStores();
  const open = useSnapshot();
  const list = useSlice(snapshots, (s) => dataOf(s.list)) ?? [];
  const [name, setName] = useState('');
  const [snapshotId, setSnapshotId] = useState<number>(open?.id ?? list[0]?.id ?? 0);
  const [scope, setScope] = useState<string | null>(null);
  const [reviewers, setReviewers] = useState<ReviewerDraft[]>([{ scope: null, reviewer: '' }]);
  const [due, setDue] = useState('');
  const [by, setBy] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  // The preview of the form as it was when asked: the form changed since shows it as loading.
  const [preview, setPreview] = useState<{ key: string; data?: ReviewPreview; errors?: Record<string, string> } | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  const setup = useMemo((): ReviewSetup => {
    const given = reviewers.filter((r) => r.reviewer.trim() !== '');
    return {
      snapshotId,
      name: name.trim() || 'Preview',
      ...(scope && { scope }),
      ...(due && { due }),
      reviewers: given.map((r) => ({ reviewer: r.reviewer.trim(), ...(r.scope && { scope: r.scope }) })),
    };
  }, [snapshotId, name, scope, due, reviewers]);

  // The preview follows the form once typing pauses; an older answer is dropped.
  const key = JSON.stringify(setup);
  const asked = setup.reviewers.length > 0;
  useEffect(() => {
    if (!asked) return;
    let live = true;
    const timer = setTimeout(() => {
      client
        .previewReview(setup)
        .then((data) => live && setPreview({ key, data }))
        .catch((error: unknown) => live && setPreview({ key, errors: errorsOf(error) }));
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, setup, key, asked]);
  const current = asked && preview?.key === key ? preview : null;

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    // The button stays focusable while busy (aria-disabled): a disabled one drops the keyboard out of the dialog.
    if (busy) return;
    const missing: Record<string, string> = {};
    if (!name.trim()) missing.name = 'Give the review a name.';
    if (setup.reviewers.length === 0) missing.reviewers = 'Give at least one reviewer’s email.';
    if (!by.trim()) missing.by = 'Say who starts the review.';
    setErrors(missing);
    if (Object.keys(missing).length > 0) return;
    setBusy(true);
    try {
      const detail = await client.startReview({ ...setup, name: name.trim(), by: by.trim() });
      ui.getState().notify(`Started “${detail.review.name}” with ${plural(detail.review.items, 'item')}`, 'success');
      onClose();
      reviews.getState().open(detail.review.id);
    } catch (error) {
      setErrors(errorsOf(error));
    } finally {
      setBusy(false);
    }
  };

  const shown = { ...(current?.errors ?? {}), ...errors };
  const setReviewer = (i: number, change: Partial<ReviewerDraft>) => {
    setReviewers(reviewers.map((r, j) => (j === i ? { ...r, ...change } : r)));
    setErrors(without(errors, 'reviewers'));
  };
  return (
    <Dialog
      open
      title="Start a review"
      size="lg"
      onClose={onClose}
      footer={
        <>
          <span className="dialog-footer-hint">Starting freezes the population: later imports change nothing in the review.</span>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={`${id}-form`} className="btn btn-primary" aria-disabled={busy || undefined}>
            Start the review
          </button>
        </>
      }
    >
      <form id={`${id}-form`} className="form-stack" onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-row">
          <FormField id={`${id}-name`} label="Name" error={shown.name}>
            <input
              id={`${id}-name`}
              className="input"
              value={name}
              autoFocus
              placeholder="Q4 access review"
              onChange={(e) => {
                setName(e.target.value);
                setErrors(without(errors, 'name'));
              }}
              {...invalidProps(shown, 'name', `${id}-name-error`)}
            />
          </FormField>
          <FormField id={`${id}-snapshot`} label="Snapshot">
            <select
              id={`${id}-snapshot`}
              className="select"
              value={snapshotId}
              onChange={(e) => {
                setSnapshotId(Number(e.target.value));
                setScope(null);
                setReviewers(reviewers.map((r) => ({ ...r, scope: null })).slice(0, 1));
              }}
            >
              {list.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </FormField>
        </div>
        <div className="form-row">
          <div className="field">
            <span className="label" aria-hidden="true">
              Scope
            </span>
            <ScopePicker
              id={`${id}-scope`}
              snapshotId={snapshotId}
              value={scope}
              onChange={setScope}
              label="Scope: a tenant and everything below it"
            />
            {shown.scope && <p className="field-error">{shown.scope}</p>}
          </div>
          <FormField id={`${id}-due`} label="Due date" hint="Optional" error={shown.due}>
            <input
              id={`${id}-due`}
              className="input"
              type="date"
              value={due}
              onChange={(e) => {
                setDue(e.target.value);
                setErrors(without(errors, 'due'));
              }}
              {...invalidProps(shown, 'due', `${id}-due-error`)}
            />
          </FormField>
        </div>
        <fieldset className="review-reviewers-set" aria-describedby={shown.reviewers ? `${id}-reviewers-error` : undefined}>
          <legend>Reviewers</legend>
          {reviewers.map((r, i) => (
            <div key={i} className="form-row review-reviewer-row">
              {i === 0 ? (
                <p className="review-reviewer-where">{reviewers.length === 1 ? 'Everything' : 'Everything else'}</p>
              ) : (
                <div className="field">
                  <span className="label" aria-hidden="true">
                    Tenant
                  </span>
                  <ScopePicker
                    id={`${id}-reviewer-${i}-scope`}
                    snapshotId={snapshotId}
                    value={r.scope}
                    allowAll={false}
                    onChange={(path) => setReviewer(i, { scope: path })}
                    label={`Tenant ${i}`}
                  />
                </div>
              )}
              <FormField id={`${id}-reviewer-${i}`} label={i === 0 ? 'Reviewer’s email' : `Reviewer ${i + 1}’s email`}>
                <input
                  id={`${id}-reviewer-${i}`}
                  className="input"
                  type="email"
                  value={r.reviewer}
                  onChange={(e) => setReviewer(i, { reviewer: e.target.value })}
                  {...invalidProps(shown, 'reviewers', `${id}-reviewers-error`)}
                />
              </FormField>
              {i > 0 && (
                <button
                  type="button"
                  className="btn btn-small btn-ghost review-reviewer-remove"
                  onClick={() => setReviewers(reviewers.filter((_, j) => j !== i))}
                >
                  <Icon name="trash" /> Remove reviewer {i + 1}
                </button>
              )}
            </div>
          ))}
          <button type="button" className="btn btn-small" onClick={() => setReviewers([...reviewers, { scope: null, reviewer: '' }])}>
            <Icon name="plus" /> Add a reviewer for a tenant
          </button>
          {shown.reviewers && (
            <p className="field-error" id={`${id}-reviewers-error`}>
              {shown.reviewers}
            </p>
          )}
        </fieldset>
        <FormField id={`${id}-by`} label="Started by" hint="Your name or email, as the log records it" error={shown.by}>
          <input
            id={`${id}-by`}
            className="input"
            value={by}
            onChange={(e) => {
              setBy(e.target.value);
              setErrors(without(errors, 'by'));
            }}
            {...invalidProps(shown, 'by', `${id}-by-error`)}
          />
        </FormField>
        <PreviewPanel preview={current?.data ?? null} loading={asked && !current} refused={current?.errors !== undefined} />
        {shown.other && (
          <p className="field-error" role="alert">
            {shown.other}
          </p>
        )}
      </form>
    </Dialog>
  );
}

function PreviewPanel({ preview, loading, refused }: { preview: ReviewPreview | null; loading: boolean; refused: boolean }) {
  return (
    <section className="card review-preview" aria-label="Preview" aria-busy={loading}>
      <h3 className="card-title">Preview {loading && <Spinner size={12} />}</h3>
      {!preview ? (
        <p className="muted">
          {refused
            ? 'The preview shows once the problems above are put right.'
            : 'Give a reviewer to see the population this review would hold.'}
        </p>
      ) : (
        <>
          <dl className="stats">
            <div>
              <dt>Items (role assignments)</dt>
              <dd>{fmtNumber(preview.items)}</dd>
            </div>
            <div>
              <dt>People</dt>
              <dd>{fmtNumber(preview.people)}</dd>
            </div>
            <div>
              <dt>Privileged</dt>
              <dd>{fmtNumber(preview.privileged)}</dd>
            </div>
            <div>
              <dt>With recommendations</dt>
              <dd>{fmtNumber(preview.recommended)}</dd>
            </div>
          </dl>
          <p className={preview.items === preview.assignmentsInScope ? 'review-complete' : 'review-incomplete'}>
            <Icon name={preview.items === preview.assignmentsInScope ? 'check' : 'alert'} />{' '}
            {preview.items === preview.assignmentsInScope
              ? `Complete: every one of the ${fmtNumber(preview.assignmentsInScope)} imported assignments in scope is an item.`
              : `Incomplete: ${fmtNumber(preview.items)} items for ${fmtNumber(preview.assignmentsInScope)} assignments in scope.`}{' '}
            {preview.previousReview !== null
              ? `${plural(preview.changed, 'item')} changed since review #${preview.previousReview}.`
              : 'No earlier review of this scope to compare with.'}
          </p>
          <ul className="review-by-reviewer" aria-label="Items by reviewer">
            {preview.byReviewer.map((r) => (
              <li key={r.reviewer}>
                <strong>{r.reviewer}</strong>: {plural(r.items, 'item')}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
