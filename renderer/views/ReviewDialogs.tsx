// The forms of a review: one decision (with what it needs: a comment, a role, an expiry, a
// self-review reason), one decision or reassignment for many items (checked, then confirmed), and
// the sign-off. Each shows the service's own words under the field they are about.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { DECISIONS, type Decision, type ReviewItem, type ReviewManifest, type ReviewSummary } from '../../shared/reviews';
import { ApiError } from '../api/bridge';
import { useSlice, useStores } from '../app/context';
import { useModel } from '../app/hooks';
import { Dialog } from '../components/Dialog';
import { FormField, invalidProps, without } from '../components/Field';
import { Icon } from '../components/Icon';
import { plural } from '../lib/format';
import { snapshotModelKey } from '../state/models';
import { DECISION_WORDS } from '../state/reviews';
import { dataOf } from '../state/resource';
import { placeText } from '../state/what-if';

/** What the sign-off says unless the signer writes otherwise. */
export const SIGN_OFF_STATEMENT = 'I reviewed every item of this review; the decisions are mine or recorded by name.';

/** The field of a decision form a problem of `decide` is about, from its words. */
function decisionField(message: string): string {
  if (/self-review reason/.test(message)) return 'selfReason';
  if (/comment/.test(message)) return 'comment';
  if (/expir/.test(message)) return 'expires';
  if (/\brole\b|already is/.test(message)) return 'role';
  if (/reviewer/.test(message)) return 'reviewer';
  if (/note/.test(message)) return 'note';
  return 'other';
}

/**
 * An error's problems by the field each is about (a field's problems joined). `one`: the form is about
 * one item, which it shows, so the service's words lose their "item 12 (… for …):" opening.
 */
export function byField(error: unknown, one = false): Record<string, string> {
  const e = ApiError.from(error);
  const found: Record<string, string[]> = {};
  for (const problem of e.problems.length > 0 ? e.problems.map((p) => p.message) : [e.message]) {
    const m = one ? problem.replace(/^item \d+ \(.*?\)(: | is )/, (_, joint: string) => (joint === ' is ' ? 'This is ' : '')) : problem;
    const field = decisionField(m);
    (found[field] ??= []).push(m);
  }
  // A bulk decision can fail for hundreds of items alike: the first few say what is wrong.
  const few = (list: string[]) => list.slice(0, 3).join('; ') + (list.length > 3 ? `; and ${list.length - 3} more like these` : '');
  return Object.fromEntries(Object.entries(found).map(([field, list]) => [field, few(list)]));
}

/** What a decision form asks: the decision, and what it needs. */
export interface Deciding {
  items: ReviewItem[] | number[];
  decision: Decision;
  /** Fields the service says are needed (comment, role, expires, selfReason), with its words. */
  needs: Record<string, string>;
}

const isItems = (items: ReviewItem[] | number[]): items is ReviewItem[] => typeof items[0] === 'object';

/** The roles of the review's snapshot's model (built in, or the user's model file kept with it); undefined until loaded or when gone. */
function useReviewRoles(snapshot: ReviewManifest['snapshot']) {
  const { models } = useStores();
  const own = snapshot.model.origin === 'user';
  const builtIn = useModel(own ? undefined : snapshot.platform, own ? undefined : snapshot.modelVersion);
  const kept = useSlice(models, (s) => (own ? s.models[snapshotModelKey(snapshot.id)] : undefined));
  useEffect(() => {
    if (own) void models.getState().ensureOfSnapshot(snapshot.id);
  }, [own, models, snapshot.id]);
  return own ? (kept ? dataOf(kept)?.roles : undefined) : dataOf(builtIn)?.roles;
}

export function DecideDialog({
  review,
  snapshot,
  deciding,
  onClose,
  onDone,
}: {
  review: ReviewSummary;
  snapshot: ReviewManifest['snapshot'];
  deciding: Deciding;
  onClose: () => void;
  onDone: (numbers: number[]) => Promise<void>;
}) {
  const { client } = useStores();
  const items = deciding.items;
  const one = isItems(items) && items.length === 1 ? items[0] : null;
  const current = one?.decision;
  const [decision, setDecision] = useState<Decision>(deciding.decision);
  const [comment, setComment] = useState(current?.comment ?? '');
  const [role, setRole] = useState('');
  const [expires, setExpires] = useState('');
  const [selfReason, setSelfReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const id = useId();
  const needsSelf = 'selfReason' in deciding.needs || 'selfReason' in errors;
  // Modify: a role of the item's level other than its own; typed when the model cannot be read.
  const roles = useReviewRoles(snapshot)?.filter((r) => one && r.level === one.level && r.id !== one.roleId);
  const numbers = isItems(items) ? items.map((i) => i.number) : items;

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    // The button stays focusable while busy (aria-disabled): a disabled one drops the keyboard out of the dialog.
    if (busy) return;
    setBusy(true);
    try {
      await client.decide({
        reviewId: review.id,
        decisions: [
          {
            items: numbers,
            decision,
            ...(comment.trim() && { comment: comment.trim() }),
            ...(decision === 'modify' && role.trim() && { role: role.trim() }),
            ...(decision === 'exception' && expires && { expires }),
            ...(selfReason.trim() && { selfReason: selfReason.trim() }),
          },
        ],
      });
      await onDone(numbers);
    } catch (error) {
      setErrors(byField(error, numbers.length === 1));
    } finally {
      setBusy(false);
    }
  };
  const hint = (field: string) => deciding.needs[field];
  return (
    <Dialog
      open
      title={`${DECISION_WORDS[decision]}: item ${numbers[0]}`}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={`${id}-form`} className="btn btn-primary" aria-disabled={busy || undefined}>
            Record decision
          </button>
        </>
      }
    >
      <form id={`${id}-form`} className="form-stack" onSubmit={(e) => void submit(e)} noValidate>
        {one && (
          <p>
            <strong>{one.name || one.email}</strong> ({one.email}) holds <strong>{one.role}</strong> at {placeText(one.path)}
            {one.privileged ? ', privileged access' : ''}.
          </p>
        )}
        <FormField id={`${id}-decision`} label="Decision">
          <select
            id={`${id}-decision`}
            className="select"
            value={decision}
            onChange={(e) => {
              setDecision(e.target.value as Decision);
              setErrors({});
            }}
          >
            {DECISIONS.map((d) => (
              <option key={d} value={d}>
                {DECISION_WORDS[d]}
              </option>
            ))}
          </select>
        </FormField>
        {decision === 'modify' && (
          <FormField id={`${id}-role`} label="The role it becomes" hint="A role of the same tenant" error={errors.role}>
            {roles && roles.length > 0 ? (
              <select
                id={`${id}-role`}
                className="select"
                value={role}
                onChange={(e) => {
                  setRole(e.target.value);
                  setErrors(without(errors, 'role'));
                }}
                {...invalidProps(errors, 'role', `${id}-role-error`)}
              >
                <option value="">Choose a role…</option>
                {roles.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={`${id}-role`}
                className="input"
                value={role}
                onChange={(e) => {
                  setRole(e.target.value);
                  setErrors(without(errors, 'role'));
                }}
                {...invalidProps(errors, 'role', `${id}-role-error`)}
              />
            )}
          </FormField>
        )}
        {decision === 'exception' && (
          <FormField id={`${id}-expires`} label="Accepted until" error={errors.expires}>
            <input
              id={`${id}-expires`}
              className="input"
              type="date"
              value={expires}
              onChange={(e) => {
                setExpires(e.target.value);
                setErrors(without(errors, 'expires'));
              }}
              {...invalidProps(errors, 'expires', `${id}-expires-error`)}
            />
          </FormField>
        )}
        <FormField
          id={`${id}-comment`}
          label="Comment"
          hint={errors.comment ? undefined : 'Required to revoke, change a role, accept an exception or keep privileged access'}
          error={errors.comment}
        >
          <textarea
            id={`${id}-comment`}
            className="input textarea"
            rows={3}
            value={comment}
            autoFocus
            onChange={(e) => {
              setComment(e.target.value);
              setErrors(without(errors, 'comment'));
            }}
            {...invalidProps(errors, 'comment', `${id}-comment-error`)}
          />
        </FormField>
        {needsSelf && (
          <FormField
            id={`${id}-self`}
            label="Why you decide your own access"
            hint={errors.selfReason ? undefined : hint('selfReason')}
            error={errors.selfReason}
          >
            <input
              id={`${id}-self`}
              className="input"
              value={selfReason}
              onChange={(e) => {
                setSelfReason(e.target.value);
                setErrors(without(errors, 'selfReason'));
              }}
              {...invalidProps(errors, 'selfReason', `${id}-self-error`)}
            />
          </FormField>
        )}
        {errors.other && (
          <p className="field-error" role="alert">
            {errors.other}
          </p>
        )}
      </form>
    </Dialog>
  );
}

/** One decision or one reassignment for many items: the selected ones, else every item the filters leave; checked, then confirmed. */
export function BulkDialog({
  kind,
  review,
  selected,
  total,
  onClose,
  onDone,
}: {
  kind: 'decide' | 'reassign';
  review: ReviewSummary;
  selected: number[];
  total: number;
  onClose: () => void;
  onDone: () => Promise<void>;
}) {
  const { client, reviews, ui } = useStores();
  const [decision, setDecision] = useState<Decision>('keep');
  const [comment, setComment] = useState('');
  const [selfReason, setSelfReason] = useState('');
  const [reviewer, setReviewer] = useState('');
  const [by, setBy] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const count = selected.length > 0 ? selected.length : total;
  const what = selected.length > 0 ? plural(count, 'selected item') : plural(count, 'item');

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    // The button stays focusable while busy (aria-disabled): a disabled one drops the keyboard out of the dialog.
    if (busy) return;
    setBusy(true);
    try {
      const items = selected.length > 0 ? selected : await reviews.numbers(review.id);
      if (kind === 'decide') {
        const request = {
          reviewId: review.id,
          decisions: [
            {
              items,
              decision,
              ...(comment.trim() && { comment: comment.trim() }),
              ...(selfReason.trim() && { selfReason: selfReason.trim() }),
            },
          ],
        };
        if (!confirming) {
          await client.decide({ ...request, check: true });
          setConfirming(true);
          return;
        }
        await client.decide(request);
        ui.getState().notify(`Decided ${plural(items.length, 'item')}: ${DECISION_WORDS[decision]}`, 'success');
      } else {
        const missing: Record<string, string> = {};
        if (!reviewer.trim()) missing.reviewer = 'Give the new reviewer’s email.';
        if (!comment.trim()) missing.note = 'Say why the items move.';
        if (!by.trim()) missing.by = 'Say who reassigns them.';
        setErrors(missing);
        if (Object.keys(missing).length > 0) return;
        if (!confirming) {
          setConfirming(true);
          return;
        }
        const { reassigned } = await client.reassign({
          reviewId: review.id,
          items,
          reviewer: reviewer.trim(),
          note: comment.trim(),
          by: by.trim(),
        });
        ui.getState().notify(`Reassigned ${plural(reassigned, 'item')} to ${reviewer.trim()}`, 'success');
      }
      await onDone();
    } catch (error) {
      setConfirming(false);
      const found = byField(error);
      // A problem of one item of many is shown with the others, under the field it is about.
      setErrors(found);
    } finally {
      setBusy(false);
    }
  };
  const change = () => setConfirming(false);
  const needsSelf = 'selfReason' in errors || selfReason !== '';
  return (
    <Dialog
      open
      title={kind === 'decide' ? `Decide ${what}` : `Reassign ${what}`}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={`${id}-form`} className="btn btn-primary" aria-disabled={busy || undefined}>
            {confirming
              ? `Yes, ${kind === 'decide' ? 'decide' : 'reassign'} ${plural(count, 'item')}`
              : kind === 'decide'
                ? 'Check'
                : 'Continue'}
          </button>
        </>
      }
    >
      <form id={`${id}-form`} className="form-stack" onSubmit={(e) => void submit(e)} noValidate>
        <p>
          {selected.length > 0 ? `The ${what} you chose.` : `Every item the filters leave: ${what}.`}{' '}
          {kind === 'decide' ? 'All are decided, or none.' : 'They move to the new reviewer, with your note in the log.'}
        </p>
        {kind === 'decide' ? (
          <FormField id={`${id}-decision`} label="Decision">
            <select
              id={`${id}-decision`}
              className="select"
              value={decision}
              onChange={(e) => {
                setDecision(e.target.value as Decision);
                change();
              }}
            >
              {DECISIONS.filter((d) => d !== 'modify' && d !== 'exception').map((d) => (
                <option key={d} value={d}>
                  {DECISION_WORDS[d]}
                </option>
              ))}
            </select>
          </FormField>
        ) : (
          <FormField id={`${id}-reviewer`} label="New reviewer’s email" error={errors.reviewer}>
            <input
              id={`${id}-reviewer`}
              className="input"
              type="email"
              value={reviewer}
              onChange={(e) => {
                setReviewer(e.target.value);
                setErrors(without(errors, 'reviewer'));
                change();
              }}
              {...invalidProps(errors, 'reviewer', `${id}-reviewer-error`)}
            />
          </FormField>
        )}
        <FormField
          id={`${id}-comment`}
          label={kind === 'decide' ? 'Comment, for every item' : 'Note'}
          error={kind === 'decide' ? errors.comment : errors.note}
        >
          <textarea
            id={`${id}-comment`}
            className="input textarea"
            rows={3}
            value={comment}
            autoFocus
            onChange={(e) => {
              setComment(e.target.value);
              setErrors(without(without(errors, 'comment'), 'note'));
              change();
            }}
            {...invalidProps(errors, kind === 'decide' ? 'comment' : 'note', `${id}-comment-error`)}
          />
        </FormField>
        {kind === 'decide' && needsSelf && (
          <FormField id={`${id}-self`} label="Why the reviewer decides their own access" error={errors.selfReason}>
            <input
              id={`${id}-self`}
              className="input"
              value={selfReason}
              onChange={(e) => {
                setSelfReason(e.target.value);
                setErrors(without(errors, 'selfReason'));
                change();
              }}
              {...invalidProps(errors, 'selfReason', `${id}-self-error`)}
            />
          </FormField>
        )}
        {kind === 'reassign' && (
          <FormField id={`${id}-by`} label="Reassigned by" hint="Your name or email, as the log records it" error={errors.by}>
            <input
              id={`${id}-by`}
              className="input"
              value={by}
              onChange={(e) => {
                setBy(e.target.value);
                setErrors(without(errors, 'by'));
                change();
              }}
              {...invalidProps(errors, 'by', `${id}-by-error`)}
            />
          </FormField>
        )}
        {confirming && (
          <p className="review-confirm" role="status">
            <Icon name="info" />{' '}
            {kind === 'decide'
              ? `Checked: ${plural(count, 'item')} will be decided “${DECISION_WORDS[decision]}”. This is recorded in the log.`
              : `${plural(count, 'item')} will move to ${reviewer.trim()}.`}
          </p>
        )}
        {errors.other && (
          <p className="field-error" role="alert">
            {errors.other}
          </p>
        )}
      </form>
    </Dialog>
  );
}

export function SignOffDialog({ review, onClose }: { review: ReviewSummary; onClose: () => void }) {
  const { client, reviews, ui } = useStores();
  const [name, setName] = useState('');
  const [statement, setStatement] = useState(SIGN_OFF_STATEMENT);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const id = useId();
  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    // The button stays focusable while busy (aria-disabled): a disabled one drops the keyboard out of the dialog.
    if (busy) return;
    const missing: Record<string, string> = {};
    if (!name.trim()) missing.name = 'Give your name.';
    if (!statement.trim()) missing.statement = 'Write the statement you sign.';
    setErrors(missing);
    if (Object.keys(missing).length > 0) return;
    setBusy(true);
    try {
      await client.signOff({ reviewId: review.id, name: name.trim(), statement: statement.trim() });
      ui.getState().notify(`Signed off “${review.name}”: the review is locked`, 'success');
      onClose();
      await reviews.load(review.id, reviews.getState().search, true);
      void reviews.loadList();
    } catch (error) {
      setErrors({ other: ApiError.from(error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open
      title="Sign off the review"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={`${id}-form`} className="btn btn-primary" aria-disabled={busy || undefined}>
            Sign off and lock
          </button>
        </>
      }
    >
      <form id={`${id}-form`} className="form-stack" onSubmit={(e) => void submit(e)} noValidate>
        <p>
          Signing off records your name, the time and your statement, and locks “{review.name}”: no decision can change after it. It is
          refused while any item is undecided.
        </p>
        <FormField id={`${id}-name`} label="Your name" error={errors.name}>
          <input
            id={`${id}-name`}
            className="input"
            value={name}
            autoFocus
            onChange={(e) => {
              setName(e.target.value);
              setErrors(without(errors, 'name'));
            }}
            {...invalidProps(errors, 'name', `${id}-name-error`)}
          />
        </FormField>
        <FormField id={`${id}-statement`} label="Statement" error={errors.statement}>
          <textarea
            id={`${id}-statement`}
            className="input textarea"
            rows={3}
            value={statement}
            onChange={(e) => {
              setStatement(e.target.value);
              setErrors(without(errors, 'statement'));
            }}
            {...invalidProps(errors, 'statement', `${id}-statement-error`)}
          />
        </FormField>
        {errors.other && (
          <p className="field-error" role="alert">
            {errors.other}
          </p>
        )}
      </form>
    </Dialog>
  );
}
