// The role-model format. A model is plain data: scope levels, a permission catalog, roles with grants,
// constraints and dated versions. Every permission, role and grant of a built-in model names the seed
// line(s) it comes from, so each answer can be traced back to the vendor's own words.

export type Channel = 'ui' | 'api';
export const CHANNELS: readonly Channel[] = ['ui', 'api'];

/** `view` reads something; `change` creates, modifies, deletes or acts. Read-only roles are defined by it. */
export type PermissionKind = 'view' | 'change';

/** `node`: the role applies only where it is assigned. `subtree`: there and at every node below. */
export type Reach = 'node' | 'subtree';

/** A line of a seed document (1-based), as `{ file, line }`. */
export interface SeedRef {
  file: string;
  line: number;
}

export interface ScopeLevel {
  /** Column name in the canonical CSV, e.g. `organization`. */
  id: string;
  /** Display name, e.g. `Organization`. */
  name: string;
}

export interface Permission {
  /** Stable id, e.g. `billing.update-payment-info`. */
  id: string;
  /** The seed's own words, e.g. `Update Payment Info`. */
  label: string;
  category: string;
  /** The scope level this capability is exercised at (an id from `levels`). */
  level: string;
  kind: PermissionKind;
  /** True where the vendor says availability depends on the customer's plan. */
  planDependent?: boolean;
  source: SeedRef[];
}

export interface RoleGrant {
  permission: string;
  /** Channels this grant holds on; omitted means every channel. */
  channels?: Channel[];
  /** Version id from which this grant exists (omitted: since the first version). */
  since?: string;
  source: SeedRef[];
}

export interface Role {
  /** Stable id, unique in the model, e.g. `org-admin`. */
  id: string;
  /** The vendor's name, e.g. `Admin`. Names repeat across levels; (name, level) is unique. */
  name: string;
  /** Other names an export may use for it, e.g. `Org Admin`. Matched case-insensitively. */
  aliases: string[];
  /** The scope level the role is assigned at. */
  level: string;
  reach: Reach;
  description: string;
  /** Version id from which this role exists (omitted: since the first version). */
  since?: string;
  grants: RoleGrant[];
  source: SeedRef[];
}

export interface ExactlyOneConstraint {
  kind: 'exactly-one';
  /** Role id: every node of the role's level must have exactly one assignment of it. */
  role: string;
  description: string;
  source: SeedRef[];
}

export type Constraint = ExactlyOneConstraint;

export interface ModelVersion {
  /** e.g. `2022-06`. */
  id: string;
  /** ISO date (YYYY-MM-DD) the version takes effect; null for the first version. */
  effectiveFrom: string | null;
  note: string;
  source: SeedRef[];
}

export interface RoleModel {
  formatVersion: 1;
  /** e.g. `huntress`. */
  id: string;
  /** e.g. `Huntress`. */
  name: string;
  /** The seed file the model is encoded from (built-in models), or a free-form origin. */
  origin: string;
  /** Root first. */
  levels: ScopeLevel[];
  permissions: Permission[];
  roles: Role[];
  constraints: Constraint[];
  /** Oldest first. */
  versions: ModelVersion[];
  /** Rules that are not grants but shape answers (shown in `roles` output and reports). */
  notes: { text: string; source: SeedRef[] }[];
}
