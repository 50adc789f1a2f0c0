// A big answer as the renderer holds it: pages of rows fetched from the back end as they come into
// view (plus a margin), never the whole answer. A question (the scope, the filters, the order) is one
// key; asking another drops the pages. Only so many pages are kept, the farthest from view dropped
// first, so scrolling 100,000 rows holds a few thousand at most.
import { createStore } from 'zustand/vanilla';
import { ApiError } from '../api/bridge';

/** Rows a page holds: one request. */
export const PAGE_ROWS = 200;
/** Pages kept at most. */
const KEPT_PAGES = 24;
/** Rows fetched beyond the rows in view, either side. */
const MARGIN = 100;

export interface Page<Row, Meta> {
  meta: Meta;
  total: number;
  rows: Row[];
}

export interface RowPagesState<Meta> {
  /** The question the pages answer (its key). */
  key: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: ApiError | null;
  /** What the answer says besides its rows (totals, columns, what the filters choose from): from its latest page. */
  meta: Meta | null;
  total: number;
  /** Bumped whenever a page arrives, so that views draw again. */
  version: number;
}

export function createRowPages<Row, Meta>() {
  let fetchPage: ((from: number, count: number) => Promise<Page<Row, Meta>>) | null = null;
  let pages = new Map<number, Row[]>();
  let pending = new Set<number>();
  let generation = 0;
  let inView = { start: 0, end: 0 };

  const store = createStore<RowPagesState<Meta>>()(() => ({ key: null, status: 'idle', error: null, meta: null, total: 0, version: 0 }));

  const load = async (page: number) => {
    if (!fetchPage || pages.has(page) || pending.has(page)) return;
    const mine = generation;
    pending.add(page);
    try {
      const answer = await fetchPage(page * PAGE_ROWS, PAGE_ROWS);
      if (mine !== generation) return;
      pages.set(page, answer.rows);
      dropFarPages();
      store.setState((s) => ({ status: 'ready', error: null, meta: answer.meta, total: answer.total, version: s.version + 1 }));
    } catch (error) {
      if (mine === generation) store.setState({ status: 'error', error: ApiError.from(error) });
    } finally {
      if (mine === generation) pending.delete(page);
    }
  };

  const dropFarPages = () => {
    if (pages.size <= KEPT_PAGES) return;
    const middle = (inView.start + inView.end) / 2 / PAGE_ROWS;
    const far = [...pages.keys()].sort((a, b) => Math.abs(b - middle) - Math.abs(a - middle));
    for (const page of far.slice(0, pages.size - KEPT_PAGES)) pages.delete(page);
  };

  return {
    store,
    /** Asks a question: its first page now, the rest as they come into view. The same key again keeps what is held, unless forced. */
    ask(key: string, fetch: (from: number, count: number) => Promise<Page<Row, Meta>>, force = false): Promise<void> {
      const state = store.getState();
      if (!force && key === state.key && state.status !== 'error') return Promise.resolve();
      generation++;
      fetchPage = fetch;
      pages = new Map();
      pending = new Set();
      inView = { start: 0, end: 0 };
      // The previous answer's totals stay shown until the new one's first page lands.
      store.setState({ key, status: 'loading', error: null });
      return load(0);
    },
    /** The rows [start, end) are in view: fetch the pages they and the margin need. */
    show(start: number, end: number): void {
      inView = { start, end };
      const total = store.getState().total;
      const from = Math.max(0, start - MARGIN);
      const to = Math.min(total, end + MARGIN);
      // The pages of the rows in view first, then the margin's: the host answers one call at a time.
      const inViewPages = (page: number) => page * PAGE_ROWS < end && (page + 1) * PAGE_ROWS > start;
      const wanted: number[] = [];
      for (let page = Math.floor(from / PAGE_ROWS); page * PAGE_ROWS < to; page++) wanted.push(page);
      for (const page of [...wanted.filter(inViewPages), ...wanted.filter((p) => !inViewPages(p))]) void load(page);
    },
    /** Row i, when its page is held. */
    rowAt(i: number): Row | undefined {
      return pages.get(Math.floor(i / PAGE_ROWS))?.[i % PAGE_ROWS];
    },
    /** How many rows are held (a test's and the bench's measure of what the renderer keeps). */
    heldRows(): number {
      let n = 0;
      for (const rows of pages.values()) n += rows.length;
      return n;
    },
  };
}

export type RowPages<Row, Meta> = ReturnType<typeof createRowPages<Row, Meta>>;
