// Every store of the app, made for one client. Tests make them with a fake client.
import type { Client } from '../api/bridge';
import { createChangesStore } from './changes';
import { createFindingsStore } from './findings';
import { createWizardStore } from './import-wizard';
import { createMatrixStore } from './matrix';
import { createModelsStore } from './models';
import { dataOf } from './resource';
import { createReportsStore } from './reports';
import { createReviewsStore } from './reviews';
import { createRolesStore } from './roles';
import { createScopeStore } from './scope';
import { createSeedsStore } from './seeds';
import { createSnapshotsStore } from './snapshots';
import { createTreeStore } from './tree';
import { createUiStore } from './ui';
import { createUsersStore } from './users';
import { createWhatIfStore } from './what-if';
import { createWhoCanStore } from './who-can';

export function createStores(client: Client) {
  const snapshots = createSnapshotsStore(client);
  const scope = createScopeStore();
  const ui = createUiStore();
  const stores = {
    client,
    snapshots,
    scope,
    ui,
    models: createModelsStore(client),
    tree: createTreeStore(client),
    whoCan: createWhoCanStore(client),
    users: createUsersStore(client),
    matrix: createMatrixStore(client),
    roles: createRolesStore(),
    changes: createChangesStore(client),
    whatIf: createWhatIfStore(client),
    findings: createFindingsStore(client),
    reviews: createReviewsStore(client),
    reports: createReportsStore(client),
    seeds: createSeedsStore(client),
    wizard: createWizardStore(client, {
      onImported: (snapshot) => snapshots.getState().imported(snapshot),
      defaultPlatform: () => {
        const platforms = snapshots.getState().platforms;
        return platforms.status === 'ready' ? platforms.data[0]?.id : undefined;
      },
    }),
  };

  // Another snapshot means other tenants, people and answers: start those views afresh (a link in the
  // address applies its scope and filters after choosing its snapshot, see location.ts). The question
  // of Who can is kept for another snapshot of the same platform, to compare their answers.
  const platformOf = (id: number | null) => dataOf(snapshots.getState().list)?.find((s) => s.id === id)?.platform;
  let current = snapshots.getState().selectedId;
  snapshots.subscribe((state) => {
    if (state.selectedId === current) return;
    const otherPlatform = platformOf(current) !== platformOf(state.selectedId);
    current = state.selectedId;
    scope.getState().setScope(null);
    if (otherPlatform) stores.whoCan.getState().reset();
    else stores.whoCan.setState({ search: '', open: new Set() });
    stores.users.getState().reset();
    stores.matrix.setState({ categories: [], role: null, search: '' });
    stores.roles.getState().setPick(null);
    // A plan is not tied to a snapshot: it stays in the editor, and its delta is asked on the new one.
    stores.whatIf.setState({ open: new Set(), people: { status: 'idle' }, held: { status: 'idle' } });
    // Changes keeps its filters for a snapshot of the same platform (the same tenants, most often).
    if (otherPlatform) stores.changes.setState({ tenant: null, modelFrom: null, modelTo: null, cell: null });
    // Findings filters stay (a severity or rule means the same on any snapshot); the open evidence does not.
    stores.findings.setState({ open: new Set() });
    // A review is of one snapshot: the Reports view shows the new one's newest.
    stores.reports.setState({ reviewId: null });
    // The tenant tree, which every scope picker shows, asked for at once: the host starts learning
    // the snapshot with it, so that the first big question finds the snapshot in memory.
    if (state.selectedId !== null) void stores.tree.getState().load(state.selectedId);
  });
  return stores;
}

export type Stores = ReturnType<typeof createStores>;
