// Reports: which report of the open snapshot is shown (its type, and for the access review which
// review; kept in the address), and its HTML for the preview, asked of the back end (the `report`
// call) whenever the question changes. Exports go through exportReport (hooks.ts useExport).
import { createStore } from 'zustand/vanilla';
import type { ReportAnswer, ReportRequest } from '../../shared/api';
import type { ReportType } from '../../shared/reports/types';
import type { Client } from '../api/bridge';
import { latest, type Resource } from './resource';

/** What a report is for, in a line an auditor reads. */
export const REPORT_KINDS: { value: ReportType; label: string; purpose: string }[] = [
  {
    value: 'access-review',
    label: 'Access review',
    purpose:
      'The evidence of a user access review for SOC 2 CC6.2–CC6.3 and ISO 27001 A.5.15, A.5.18 and A.8.2: the population, every decision, the sign-off and its log, and whether revoked access was removed.',
  },
  {
    value: 'who-can',
    label: 'Who can do what',
    purpose: "Everyone's effective access in the snapshot: each permission, who holds it, and the vendor's words behind every grant.",
  },
  {
    value: 'findings',
    label: 'Findings',
    purpose: 'The risks to review first, each with its people, tenants, evidence from the import and any accepted exception.',
  },
];

export interface ReportsState {
  type: ReportType;
  /** The access review's review (null: the snapshot's newest, or its population undecided when it has none). */
  reviewId: number | null;
  preview: Resource<ReportAnswer>;
  choose(choice: Partial<Pick<ReportsState, 'type' | 'reviewId'>>): void;
}

/** The report the view shows: the type, the snapshot, and for the access review its review. */
export const reportQuestion = (
  snapshotId: number,
  { type, reviewId }: Pick<ReportsState, 'type' | 'reviewId'>,
): Omit<ReportRequest, 'format'> => ({
  snapshotId,
  type,
  ...(type === 'access-review' && reviewId !== null ? { reviewId } : {}),
});

export function createReportsStore(client: Client) {
  const run = latest();
  const store = createStore<ReportsState>()((set) => ({
    type: 'access-review',
    reviewId: null,
    preview: { status: 'idle' },
    choose: (choice) => set(choice),
  }));
  return Object.assign(store, {
    /** Asks for the preview's HTML (the report as its file has it, pager and all). */
    load(snapshotId: number) {
      const shown = store.getState().preview;
      const previous = shown.status === 'ready' ? shown.data : undefined;
      return run(
        () => client.report({ ...reportQuestion(snapshotId, store.getState()), format: 'html' }),
        (preview) => store.setState({ preview }),
        previous,
      );
    },
  });
}

export type ReportsStore = ReturnType<typeof createReportsStore>;
