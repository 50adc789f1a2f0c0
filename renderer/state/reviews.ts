// Reviews: the access review campaigns of the database (docs/reviews.md), the one open, its tab, the
// filters of its items (kept in the address), its items as pages fetched as they come into view, its
// log and its remediation. Every change goes through the contract: decisions, reassignments and the
// sign-off are refused by the back end with its own words, which the view shows by field.
import { createStore } from 'zustand/vanilla';
import type { ReviewRequest } from '../../shared/api';
import type { RuleId } from '../../shared/findings/settings';
import type { Decision, ReviewDetail, ReviewItem, ReviewSummary } from '../../shared/reviews';
import type { Client } from '../api/bridge';
import { latest, type Resource } from './resource';
import { createRowPages } from './row-pages';

export const REVIEW_TABS = ['items', 'log', 'remediation'] as const;
export type ReviewTab = (typeof REVIEW_TABS)[number];

export interface ReviewFilters {
  recommendation: RuleId | null;
  changed: boolean;
  privileged: boolean;
  undecided: boolean;
  reviewer: string | null;
  decision: Decision | null;
  search: string;
}

export const NO_FILTERS: ReviewFilters = {
  recommendation: null,
  changed: false,
  privileged: false,
  undecided: false,
  reviewer: null,
  decision: null,
  search: '',
};

export interface ReviewsState extends ReviewFilters {
  list: Resource<ReviewSummary[]>;
  /** The review open (null: the list of reviews). */
  reviewId: number | null;
  tab: ReviewTab;
  setFilters(filters: Partial<ReviewFilters>): void;
  open(reviewId: number | null): void;
  setTab(tab: ReviewTab): void;
}

/** What a review says besides its items: the same on every page. */
export type ReviewMeta = Omit<ReviewDetail, 'items' | 'from'>;

/** The decisions as an auditor reads them. */
export const DECISION_WORDS: Record<Decision, string> = {
  keep: 'Keep',
  revoke: 'Revoke',
  modify: 'Change role',
  exception: 'Exception',
  'dont-know': "Don't know",
};

/** The recommendations as short words for a badge. */
export const RECOMMENDATION_WORDS: Readonly<Record<string, string>> = {
  'privileged-no-mfa': 'No MFA',
  'model-constraint': "Breaks the platform's rules",
  segregation: 'Conflicting duties',
  'disabled-with-roles': 'Suspended or invited',
  'never-logged-in': 'Never logged in',
  inactive: 'Inactive',
  'too-many-admins': 'Too many admins',
  'outside-domain': 'Outside domain',
  'cross-customer': 'Several customers',
  'privileged-access': 'Privileged',
  escalation: 'Can grant themselves more',
};
export const recommendationWords = (rule: string) => RECOMMENDATION_WORDS[rule] ?? rule.replace(/-/g, ' ');

/** The filters as the contract asks them (the search as applied: the view waits for typing to pause). */
export function reviewQuestion(reviewId: number, f: ReviewFilters, search = f.search): Omit<ReviewRequest, 'from' | 'count'> {
  return {
    reviewId,
    ...(f.recommendation && { recommendation: f.recommendation }),
    ...(f.changed && { changed: true }),
    ...(f.privileged && { privileged: true }),
    ...(f.undecided && { undecided: true }),
    ...(f.reviewer && { reviewer: f.reviewer }),
    ...(f.decision && { decision: f.decision }),
    ...(search.trim() && { text: search.trim() }),
  };
}

/** Are any filters on? */
export const filtered = (f: ReviewFilters) =>
  f.recommendation !== null ||
  f.changed ||
  f.privileged ||
  f.undecided ||
  f.reviewer !== null ||
  f.decision !== null ||
  f.search.trim() !== '';

export function createReviewsStore(client: Client) {
  const rows = createRowPages<ReviewItem, ReviewMeta>();
  const runList = latest();
  const store = createStore<ReviewsState>()((set) => ({
    ...NO_FILTERS,
    list: { status: 'idle' },
    reviewId: null,
    tab: 'items',
    setFilters: (filters) => set(filters),
    open: (reviewId) => set({ reviewId, tab: 'items', ...NO_FILTERS }),
    setTab: (tab) => set({ tab }),
  }));
  return Object.assign(store, {
    rows,
    loadList() {
      return runList(
        () => client.reviews({}),
        (list) => store.setState({ list }),
        store.getState().list.status === 'ready' ? (store.getState().list as { data: ReviewSummary[] }).data : undefined,
      );
    },
    /** Asks for the open review's items as the filters leave them (again with `force`: after a change). */
    load(reviewId: number, search: string, force = false) {
      const question = reviewQuestion(reviewId, store.getState(), search);
      return rows.ask(
        JSON.stringify(question),
        async (from, count) => {
          const { items, from: _from, ...meta } = await client.review({ ...question, from, count });
          return { meta, total: meta.total, rows: items };
        },
        force,
      );
    },
    /** Every item number the filters leave: what a bulk action decides or reassigns. */
    async numbers(reviewId: number): Promise<number[]> {
      const question = reviewQuestion(reviewId, store.getState());
      const numbers: number[] = [];
      for (let from = 0; ;) {
        const { items, total } = await client.review({ ...question, from, count: 10_000 });
        numbers.push(...items.map((i) => i.number));
        from += items.length;
        if (from >= total || items.length === 0) return numbers;
      }
    },
  });
}

export type ReviewsStore = ReturnType<typeof createReviewsStore>;
