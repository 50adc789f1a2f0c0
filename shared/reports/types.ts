// The audit reports (docs/reports.md): what each report holds, as its JSON export carries it. The
// service gathers the facts (electron/services/reports.ts), shared/reports/build.ts makes them a
// report, and shared/reports/render.ts writes it as HTML, CSV or JSON.

import type { FindingsAnswer } from '../api';
import type { Finding, FindingsCounts } from '../findings/findings';
import type { EvidenceTable } from '../findings/evidence';
import type { Provenance } from '../provenance';
import type {
  RemediationStatus,
  ReviewItem,
  ReviewManifest,
  ReviewSummary,
  ReviewVerification,
  ReviewerProgress,
  SignOff,
} from '../reviews';
import type { Channel, Reach } from '../model/types';
import type { CitedSeedRef } from '../models/seeds';

export const REPORT_TYPES = ['access-review', 'who-can', 'findings'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];
export const REPORT_FORMATS = ['html', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** What every report starts with. */
export interface ReportHead {
  /** The JSON's format; a change that breaks a reader gets a new one. */
  formatVersion: 1;
  type: ReportType;
  title: string;
  /** Said plainly at the top: e.g. that the snapshot has no review, so every item is undecided. */
  notes: string[];
  /** The snapshot, its model and files with SHA-256 and rows, the app and its version, the time made (UTC). */
  provenance: Provenance;
}

/** The rules a findings run used: where they came from and their SHA-256. */
export interface RulesUsed {
  source: FindingsAnswer['settings']['source'];
  fileName: string | null;
  /** The rules file's SHA-256; for saved rules or the defaults, that of their JSON. */
  sha256: string;
}

export interface FindingsPart {
  rules: RulesUsed;
  referenceDate: string;
  today: string;
  counts: FindingsCounts;
  summary: string;
  /** As the run made them: each finding's evidence rows are read from `evidence` (evidenceOf) when written. */
  findings: Finding[];
  evidence: EvidenceTable;
}

/** A revoke or modify and whether it happened: checked in a later snapshot, or not yet verifiable. */
export interface RemediationRow {
  item: number;
  email: string;
  name: string;
  role: string;
  path: string;
  decision: 'revoke' | 'modify';
  newRole: string | null;
  status: RemediationStatus | 'not-yet-verifiable';
  detail: string;
}

export interface PrivilegedUser {
  email: string;
  name: string;
  /** Their privileged items: the role, where, and the decision (or undecided). */
  access: { item: number; role: string; path: string; decision: string }[];
}

export interface AccessReviewReport extends ReportHead {
  type: 'access-review';
  /** The review reported; null: the snapshot has none, so its population is reported with every item undecided. */
  review: ReviewSummary | null;
  /** The tenant reviewed; null: the whole tenancy. */
  scope: string | null;
  manifest: Omit<ReviewManifest, 'populationSha256'> & { populationSha256: string | null };
  population: {
    people: number;
    items: number;
    privileged: number;
    decided: number;
    byDecision: Record<'keep' | 'revoke' | 'modify' | 'exception' | 'dont-know' | 'undecided', number>;
    reviewers: ReviewerProgress[];
  };
  privilegedUsers: PrivilegedUser[];
  findings: FindingsPart;
  items: ReviewItem[];
  remediation: {
    /** The later snapshot checked in; null when there is none yet. */
    snapshot: { id: number; name: string; importedAt: string } | null;
    rows: RemediationRow[];
  };
  /** Items that changed since the previous review of the same scope (`manifest.previousReview`). */
  changes: { item: number; email: string; role: string; path: string; changed: string }[];
  signOff: SignOff | null;
  log: { entries: number; head: string | null; verification: ReviewVerification } | null;
  controls: ControlRow[];
}

/** A control a section answers: SOC 2 or ISO 27001:2022, the control, what it asks, and the sections (anchors). */
export interface ControlRow {
  framework: 'SOC 2' | 'ISO 27001:2022';
  control: string;
  asks: string;
  sections: { id: string; title: string }[];
}

/** A permission of the model, once. */
export interface ReportPermission {
  id: string;
  label: string;
  privileged: boolean;
}

/** A role's grants, once: each permission, the channels it holds on, and the vendor lines behind it. */
export interface ReportRole {
  id: string;
  label: string;
  reach: Reach;
  grants: { permission: string; channels: readonly Channel[]; source: CitedSeedRef[] }[];
}

export interface WhoCanReport extends ReportHead {
  type: 'who-can';
  permissions: ReportPermission[];
  roles: ReportRole[];
  /** Each permission: how many people hold it somewhere. */
  holders: { permission: string; people: number }[];
  /** Everyone holding a role, in email order: each assignment (the why) and the permissions its role grants. */
  people: {
    email: string;
    name: string;
    assignments: { roleId: string; path: string; sourceFile: string; sourceLine: number }[];
  }[];
  grants: number;
}

export interface FindingsReportDoc extends ReportHead {
  type: 'findings';
  findings: FindingsPart;
}

export type Report = AccessReviewReport | WhoCanReport | FindingsReportDoc;

/** A report as a file: what the `report` call answers. */
export interface RenderedReport {
  /** The report's title, for a window, a PDF's page header. */
  title: string;
  fileName: string;
  mediaType: string;
  text: string;
  summary: string;
}
