// The app's state in the address, so a reload, Back and Forward and a bookmark return to the same
// answer: #/who-can?snapshot=3&scope=Northwind%20MSP%2FBayside%20Dental&permission=remediation.approve.
// The query lives inside the hash: the page's own ?token= (browser mode) is never touched.
//   stateToHash / hashToState  the link and its text (pure; only non-default values are written)
//   linkOf / applyLink          the link the stores show, and setting the stores to a link
//   connectLocation             keeps the address and the stores in step (and the desktop's last view)
import type { Channel, SnapshotInfo, TreeNode } from '../../shared/api';
import { DECISIONS, type Decision } from '../../shared/reviews';
import type { RuleId } from '../../shared/findings/settings';
import { REPORT_TYPES, type ReportType } from '../../shared/reports/types';
import { lastName } from '../lib/format';
import { beforeOf } from './changes';
import { SEVERITY_FILTERS, type SeverityFilter } from './findings';
import { modelKey } from './models';
import { dataOf } from './resource';
import { newest } from './snapshots';
import type { Stores } from './stores';
import type { TreeStore } from './tree';
import { VIEW_TITLES, VIEWS, type ViewId } from './ui';

/** One view's state as the address holds it; an absent field has its default (none, empty, by name). */
export interface Link {
  view: ViewId;
  snapshot?: number;
  /** Tenants, Who can, Users and the matrix answer for this tenant path. */
  scope?: string;
  /** Who can: the permission. */
  permission?: string;
  /** Who can and the matrix: the channel. */
  channel?: Channel;
  /** Who can, Users and the matrix: the filter or search text. */
  q?: string;
  /** Who can and the matrix: the order ("name" is the default). */
  sort?: string;
  /** Who can: potential access included too (who could give themselves the permission). */
  potential?: '1';
  /** Users: the person shown (email), and the "Can they…?" question: permission, tenant, channel. */
  person?: string;
  can?: string;
  at?: string;
  via?: Channel;
  /** The matrix: categories shown (all when none) and the role. */
  category?: string[];
  role?: string;
  /** Changes: the Before snapshot (the open one is After). */
  before?: number;
  /** What if: the saved plan open in the editor. */
  plan?: string;
  /** Changes: two model versions compared instead of two snapshots, and which (`to` may be the snapshot's own model file). */
  compare?: 'model';
  from?: string;
  to?: string;
  /** Changes: only changes at this tenant or below; grouped by permission; shown as a matrix. */
  tenant?: string;
  group?: 'permission';
  layout?: 'matrix';
  /** Findings: the severity group shown (a severity, `not-evaluable` or `excepted`) and the rule. */
  severity?: string;
  rule?: string;
  /** Roles: a role model the user picked. */
  platform?: string;
  version?: string;
  /** Reviews: the review open, its tab, and the filters of its items (with `rule`, the recommendation, and `q`). */
  review?: number;
  tab?: 'log' | 'remediation';
  changed?: '1';
  privileged?: '1';
  undecided?: '1';
  reviewer?: string;
  decision?: Decision;
  /** Reports: the report shown (the access review is the default); with `review`, the access review's review. */
  report?: Exclude<ReportType, 'access-review'>;
}

type Param = Exclude<keyof Link, 'view'>;

/** The parameters each view keeps, in the order they are written. */
const PARAMS: Record<ViewId, readonly Param[]> = {
  snapshots: ['snapshot'],
  tenants: ['snapshot', 'scope'],
  'who-can': ['snapshot', 'scope', 'permission', 'channel', 'potential', 'q', 'sort'],
  users: ['snapshot', 'scope', 'q', 'person', 'can', 'at', 'via'],
  matrix: ['snapshot', 'scope', 'channel', 'category', 'role', 'q', 'sort'],
  roles: ['snapshot', 'platform', 'version'],
  changes: ['snapshot', 'compare', 'before', 'from', 'to', 'tenant', 'group', 'layout', 'q'],
  'what-if': ['snapshot', 'plan'],
  findings: ['snapshot', 'severity', 'rule', 'q'],
  reviews: ['review', 'tab', 'rule', 'changed', 'privileged', 'undecided', 'reviewer', 'decision', 'q'],
  reports: ['snapshot', 'report', 'review'],
};

const SORTS: Partial<Record<ViewId, readonly string[]>> = { 'who-can': ['email'], matrix: ['email', 'access'] };
/** Parameters with one value besides their default (which is never written). */
const ONLY = {
  compare: 'model',
  group: 'permission',
  layout: 'matrix',
  potential: '1',
  changed: '1',
  privileged: '1',
  undecided: '1',
} as const;
const TABS: readonly string[] = ['log', 'remediation'];
const OTHER_REPORTS: readonly string[] = REPORT_TYPES.filter((t) => t !== 'access-review');
const CHANNELS: readonly string[] = ['ui', 'api'] satisfies Channel[];

/** Changes that are a step of their own in Back/Forward; the others (filters, order, channel) replace the step. */
const STEPS: readonly (keyof Link)[] = [
  'view',
  'snapshot',
  'scope',
  'permission',
  'person',
  'platform',
  'version',
  'before',
  'compare',
  'from',
  'to',
  'plan',
  'review',
  'tab',
  'report',
];

export function stateToHash(link: Link): string {
  const parts: string[] = [];
  for (const param of PARAMS[link.view]) {
    const value = link[param];
    const values = Array.isArray(value) ? value : value === undefined ? [] : [String(value)];
    for (const v of values) if (v !== '') parts.push(`${param}=${encodeURIComponent(v)}`);
  }
  return `#/${link.view}${parts.length > 0 ? `?${parts.join('&')}` : ''}`;
}

/** The link a hash names, or null when it names no view; parameters that mean nothing here are left out. */
export function hashToState(hash: string): Link | null {
  const text = hash.replace(/^#\/?/, '');
  const at = text.indexOf('?');
  const view = at === -1 ? text : text.slice(0, at);
  if (!(VIEWS as readonly string[]).includes(view)) return null;
  const link: Link = { view: view as ViewId };
  const params = new URLSearchParams(at === -1 ? '' : text.slice(at + 1));
  const plain = (name: Param) => {
    const value = params.get(name)?.trim();
    return value ? value : undefined;
  };
  for (const param of PARAMS[link.view]) {
    if (param === 'snapshot' || param === 'before' || param === 'review') {
      const id = params.get(param) ?? '';
      if (/^[1-9]\d{0,14}$/.test(id)) link[param] = Number(id);
    } else if (param === 'channel' || param === 'via') {
      const channel = params.get(param);
      if (channel && CHANNELS.includes(channel)) link[param] = channel as Channel;
    } else if (param in ONLY) {
      const only = param as keyof typeof ONLY;
      if (params.get(only) === ONLY[only]) Object.assign(link, { [only]: ONLY[only] });
    } else if (param === 'tab') {
      const tab = params.get(param);
      if (tab && TABS.includes(tab)) link.tab = tab as Link['tab'];
    } else if (param === 'report') {
      const report = params.get(param);
      if (report && OTHER_REPORTS.includes(report)) link.report = report as Link['report'];
    } else if (param === 'decision') {
      const decision = params.get(param);
      if (decision && (DECISIONS as readonly string[]).includes(decision)) link.decision = decision as Decision;
    } else if (param === 'sort') {
      const sort = params.get(param);
      if (sort && SORTS[link.view]?.includes(sort)) link.sort = sort;
    } else if (param === 'category') {
      const categories = [...new Set(params.getAll(param).filter((c) => c.trim() !== ''))];
      if (categories.length > 0) link.category = categories;
    } else if (param === 'q') {
      // Typed text is kept as typed (its spaces too); only an empty one is no filter.
      const q = params.get(param);
      if (q) link.q = q;
    } else {
      const value = plain(param);
      if (value !== undefined) Object.assign(link, { [param]: value });
    }
  }
  return link;
}

/** What tells two links apart as steps of history (see STEPS). */
export const stepOf = (link: Link) => JSON.stringify(STEPS.map((key) => link[key] ?? null));

const some = <T>(value: T | null | undefined): T | undefined => (value === null || value === '' ? undefined : value);

/** The link the stores show now. A permission the open snapshot's role model lacks is no part of it. */
export function linkOf(stores: Stores): Link {
  const view = stores.ui.getState().view;
  const all: Omit<Link, 'view'> = { snapshot: some(stores.snapshots.getState().selectedId), scope: some(stores.scope.getState().path) };
  if (view === 'who-can') {
    const s = stores.whoCan.getState();
    const model = modelOf(stores);
    const known = !model || model.permissions.some((p) => p.id === s.permission);
    Object.assign(all, {
      permission: known ? some(s.permission) : undefined,
      channel: some(s.channel),
      potential: s.potential ? '1' : undefined,
      q: some(s.search),
      sort: s.sort,
    });
  } else if (view === 'users') {
    const s = stores.users.getState();
    Object.assign(all, {
      q: some(s.search),
      person: some(s.selected),
      can: some(s.question.permission),
      at: some(s.question.scope),
      via: some(s.question.channel),
    });
  } else if (view === 'matrix') {
    const s = stores.matrix.getState();
    Object.assign(all, { channel: some(s.channel), category: s.categories, role: some(s.role), q: some(s.search), sort: s.sort });
  } else if (view === 'changes') {
    const s = stores.changes.getState();
    const after = selected(stores);
    const model = s.compare === 'model';
    const before = after && !model ? beforeOf(dataOf(stores.snapshots.getState().list) ?? [], after, s.before) : undefined;
    Object.assign(all, {
      compare: model ? 'model' : undefined,
      before: before?.id,
      from: model ? some(s.modelFrom) : undefined,
      to: model ? some(s.modelTo) : undefined,
      tenant: some(s.tenant),
      group: s.grouping === 'permission' ? 'permission' : undefined,
      layout: s.layout === 'matrix' ? 'matrix' : undefined,
      q: some(s.search),
    });
  } else if (view === 'what-if') {
    all.plan = some(stores.whatIf.getState().saved);
  } else if (view === 'findings') {
    const s = stores.findings.getState();
    Object.assign(all, { severity: some(s.severity), rule: some(s.rule), q: some(s.search) });
  } else if (view === 'reviews') {
    const s = stores.reviews.getState();
    const on = (b: boolean) => (b ? '1' : undefined);
    Object.assign(all, {
      review: some(s.reviewId),
      tab: s.tab === 'items' ? undefined : s.tab,
      rule: some(s.recommendation),
      changed: on(s.changed),
      privileged: on(s.privileged),
      undecided: on(s.undecided),
      reviewer: some(s.reviewer),
      decision: some(s.decision),
      q: some(s.search),
    });
  } else if (view === 'reports') {
    const s = stores.reports.getState();
    Object.assign(all, {
      report: s.type === 'access-review' ? undefined : s.type,
      review: s.type === 'access-review' ? some(s.reviewId) : undefined,
    });
  } else if (view === 'roles') {
    const pick = stores.roles.getState().pick;
    Object.assign(all, { platform: pick?.platform, version: pick?.version });
  }
  // Through the codec, so that a link read from the stores and one read from the address compare equal.
  return hashToState(stateToHash({ view, ...all })) ?? { view };
}

/** The role model of the open snapshot, once loaded. */
function modelOf(stores: Stores) {
  const snapshot = selected(stores);
  return snapshot
    ? dataOf(stores.models.getState().models[modelKey(snapshot.platform, snapshot.modelVersion)] ?? { status: 'idle' })
    : undefined;
}

const selected = (stores: Stores): SnapshotInfo | undefined =>
  dataOf(stores.snapshots.getState().list)?.find((s) => s.id === stores.snapshots.getState().selectedId);

/** The window's title: the view and the question it answers, so that a bookmark reads well. */
export function titleOf(stores: Stores, link: Link): string {
  const where = link.scope ? lastName(link.scope) : null;
  let title: string = VIEW_TITLES[link.view];
  if (link.view === 'who-can' && link.permission) {
    const label = modelOf(stores)?.permissions.find((p) => p.id === link.permission)?.label ?? link.permission;
    title = `Who can: ${label}${where ? ` in ${where}` : ''}`;
  } else if (link.view === 'users' && link.person) title = `Users: ${link.person}`;
  else if (where) title = `${title}: ${where}`;
  return `${title} · Permission Auditor`;
}

const SCOPED: ReadonlySet<ViewId> = new Set(['tenants', 'who-can', 'users', 'matrix']);

/** Sets the scope and the view's own state to the link's; what is already so is left alone. */
function applyFields(stores: Stores, link: Link) {
  if (SCOPED.has(link.view)) stores.scope.getState().setScope(link.scope ?? null);
  if (link.view === 'who-can') {
    const s = stores.whoCan.getState();
    const permission = link.permission ?? null;
    stores.whoCan.setState({
      permission,
      channel: link.channel ?? null,
      potential: link.potential === '1',
      search: link.q ?? '',
      sort: link.sort === 'email' ? 'email' : 'name',
      ...(permission === s.permission ? {} : { open: new Set<string>() }),
    });
  } else if (link.view === 'users') {
    const s = stores.users.getState();
    if ((link.q ?? '') !== s.search) s.setSearch(link.q ?? '');
    if ((link.person ?? null) !== s.selected) s.select(link.person ?? null);
    const question = { permission: link.can ?? null, scope: link.at ?? null, channel: link.via ?? null };
    const { permission, scope, channel } = stores.users.getState().question;
    if (question.permission !== permission || question.scope !== scope || question.channel !== channel) s.setQuestion(question);
  } else if (link.view === 'matrix') {
    const s = stores.matrix.getState();
    const categories = link.category ?? [];
    stores.matrix.setState({
      channel: link.channel ?? null,
      role: link.role ?? null,
      search: link.q ?? '',
      sort: link.sort === 'email' || link.sort === 'access' ? link.sort : 'name',
      // The same categories keep their array, so the matrix is not asked again for them.
      ...(categories.join('\n') === s.categories.join('\n') ? {} : { categories }),
    });
  } else if (link.view === 'changes') {
    stores.changes.setState({
      compare: link.compare ?? 'snapshots',
      before: link.before ?? null,
      modelFrom: link.from ?? null,
      modelTo: link.to ?? null,
      tenant: link.tenant ?? null,
      grouping: link.group ?? 'person',
      layout: link.layout ?? 'list',
      search: link.q ?? '',
    });
  } else if (link.view === 'what-if') {
    // A saved plan named by the link is opened (what the editor holds is replaced); none leaves the editor as it is.
    const name = link.plan;
    if (name !== undefined && name !== stores.whatIf.getState().saved)
      stores.whatIf.open(name).catch(() => stores.ui.getState().notify(`The saved plan “${name}” is no longer here.`));
  } else if (link.view === 'findings') {
    const severity = link.severity && (SEVERITY_FILTERS as readonly string[]).includes(link.severity) ? link.severity : null;
    stores.findings.setState({ severity: severity as SeverityFilter | null, rule: link.rule ?? null, search: link.q ?? '' });
  } else if (link.view === 'reviews') {
    stores.reviews.setState({
      reviewId: link.review ?? null,
      tab: link.tab ?? 'items',
      recommendation: (link.rule ?? null) as RuleId | null,
      changed: link.changed === '1',
      privileged: link.privileged === '1',
      undecided: link.undecided === '1',
      reviewer: link.reviewer ?? null,
      decision: link.decision ?? null,
      search: link.q ?? '',
    });
  } else if (link.view === 'reports') {
    const type = link.report ?? 'access-review';
    stores.reports.getState().choose({ type, reviewId: type === 'access-review' ? (link.review ?? null) : null });
  } else if (link.view === 'roles') {
    stores.roles.getState().setPick(link.platform && link.version ? { platform: link.platform, version: link.version } : null);
  }
}

/**
 * Sets the stores to a link (null: none, at the first start: the newest snapshot, in Tenants or, with
 * none, Snapshots). The snapshot is chosen first, since another snapshot starts the scoped views afresh
 * (stores.ts), then the scope and the view's state. A snapshot that is gone falls back to the newest,
 * and a scope the snapshot lacks to all tenants, each saying so. `current` is false once another
 * link has been followed: the rest of this one is then dropped.
 */
export async function applyLink(stores: Stores, link: Link | null, current: () => boolean = () => true): Promise<void> {
  const { snapshots, ui } = stores;
  const listed = (id: number) => dataOf(snapshots.getState().list)?.some((s) => s.id === id) ?? false;
  if (link) {
    ui.getState().setView(link.view);
    const ready = snapshots.getState().list.status === 'ready';
    // Before the list has loaded, the choice is kept by the load if the snapshot is there.
    if (link.snapshot !== undefined && link.snapshot !== snapshots.getState().selectedId && (!ready || listed(link.snapshot))) {
      snapshots.getState().select(link.snapshot);
    }
    applyFields(stores, link);
  }
  if (snapshots.getState().list.status !== 'ready') {
    await snapshots.getState().load();
    if (!current()) return;
  }
  const list = dataOf(snapshots.getState().list) ?? [];
  if (!link) {
    ui.getState().setView(list.length === 0 ? 'snapshots' : 'tenants');
    return;
  }
  if (link.snapshot !== undefined && !listed(link.snapshot)) {
    const instead = newest(list);
    if (instead && instead.id !== snapshots.getState().selectedId) snapshots.getState().select(instead.id);
    applyFields(stores, link);
    ui.getState().notify(
      instead
        ? `Snapshot #${link.snapshot} is no longer here: showing the newest, “${instead.name}”.`
        : `Snapshot #${link.snapshot} is no longer here.`,
    );
  }
  const snapshotId = snapshots.getState().selectedId;
  if (!link.scope || !SCOPED.has(link.view) || snapshotId === null) return;
  const nodes = await treeNodes(stores.tree, snapshotId);
  if (!current() || !nodes || stores.scope.getState().path !== link.scope) return;
  if (!nodes.some((n) => n.path === link.scope)) {
    stores.scope.getState().setScope(null);
    ui.getState().notify(`“${link.scope}” is not a tenant in this snapshot: showing all tenants.`);
  }
}

/** The snapshot's tenant tree once loaded (null if it could not be, or another snapshot's is asked for). */
function treeNodes(tree: TreeStore, snapshotId: number): Promise<TreeNode[] | null> {
  void tree.getState().load(snapshotId);
  return new Promise((resolve) => {
    const settled = () => {
      const { snapshotId: asked, nodes } = tree.getState();
      if (asked !== snapshotId || nodes.status === 'error') resolve(null);
      else if (nodes.status === 'ready') resolve(nodes.data);
      else return false;
      return true;
    };
    if (settled()) return;
    const off = tree.subscribe(() => {
      if (settled()) off();
    });
  });
}

/** Where the desktop app keeps its last view, to open it again on start. */
export const LAST_VIEW_KEY = 'permaudit.lastView.v1';

/** The parts of a window this module uses (a test can give a stand-in). */
export interface LocationWindow {
  location: { hash: string };
  history: Pick<History, 'pushState' | 'replaceState' | 'state'>;
  document: { title: string };
  addEventListener(type: 'hashchange' | 'popstate', listener: () => void): void;
  removeEventListener(type: 'hashchange' | 'popstate', listener: () => void): void;
  localStorage?: Pick<Storage, 'getItem' | 'setItem'>;
}

/**
 * Follows the address on start and on Back/Forward (or an edited address), and writes the address as
 * the stores change: a new step for what STEPS names, the same step for filters. Writing never reads
 * again (pushState and replaceState fire no event), and a link being followed writes only its own step
 * (whatever it settles to, e.g. after a fallback), so nothing loops. With `remember` (the desktop app,
 * which starts with no hash) the last address is kept and opened again on start.
 * Returns what stops it.
 */
export function connectLocation(stores: Stores, win: LocationWindow, { remember = false } = {}): () => void {
  const storage = remember ? win.localStorage : undefined;
  let saved: string | null = null;
  try {
    saved = storage?.getItem(LAST_VIEW_KEY) ?? null;
  } catch {
    // Storage can be disabled: nothing is remembered then.
  }
  let following = 0;
  let generation = 0;
  let queued = false;
  let stopped = false;

  const write = () => {
    queued = false;
    if (stopped) return;
    const link = linkOf(stores);
    win.document.title = titleOf(stores, link);
    const hash = stateToHash(link);
    if (storage && hash !== saved) {
      saved = hash;
      try {
        storage.setItem(LAST_VIEW_KEY, hash);
      } catch {
        // As above.
      }
    }
    if (hash === win.location.hash) return;
    const shown = hashToState(win.location.hash);
    if (following === 0 && shown !== null && stepOf(shown) !== stepOf(link)) win.history.pushState(null, '', hash);
    else win.history.replaceState(win.history.state, '', hash);
  };
  // Stores change several at a time (a snapshot resets the scope…): the address is written once after.
  const schedule = () => {
    if (queued) return;
    queued = true;
    queueMicrotask(write);
  };

  const follow = async (hash: string) => {
    const mine = ++generation;
    following++;
    try {
      await applyLink(stores, hashToState(hash), () => mine === generation);
    } finally {
      write();
      following--;
    }
  };
  const onNavigate = () => {
    if (win.location.hash !== stateToHash(linkOf(stores))) void follow(win.location.hash);
  };

  const offs = [
    stores.ui,
    stores.snapshots,
    stores.scope,
    stores.whoCan,
    stores.users,
    stores.matrix,
    stores.roles,
    stores.models,
    stores.whatIf,
    stores.changes,
    stores.findings,
    stores.reviews,
    stores.reports,
  ].map((store) => store.subscribe(schedule));
  win.addEventListener('popstate', onNavigate);
  win.addEventListener('hashchange', onNavigate);
  void follow(win.location.hash || saved || '');
  return () => {
    stopped = true;
    generation++;
    offs.forEach((off) => off());
    win.removeEventListener('popstate', onNavigate);
    win.removeEventListener('hashchange', onNavigate);
  };
}
