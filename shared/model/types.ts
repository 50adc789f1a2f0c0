// The role-model format, declared once as a schema: the types below are inferred from it, and
// docs/model-format.schema.json is generated from it (`npm run schema`). A model is plain data: scope
// levels, a permission catalog, roles with grants, constraints and dated versions. Every permission,
// role and grant of a built-in model names the seed line(s) it comes from, so each answer can be
// traced back to the vendor's own words. What one part of a model says about another (a grant's
// permission exists, ids are unique…) is checked by validate.ts, which reports JSON paths too.

import * as z from 'zod';
import { text } from '../schema';

export const CHANNELS = ['ui', 'api'] as const;
export const Channel = z.enum(CHANNELS).describe("`ui`: the web interface; `api`: the platform's API.");
export type Channel = z.infer<typeof Channel>;

export const PermissionKind = z
  .enum(['view', 'change'])
  .describe('`view` reads something; `change` creates, modifies, deletes or acts. Read-only roles are defined by it.');
export type PermissionKind = z.infer<typeof PermissionKind>;

export const Reach = z
  .enum(['node', 'subtree'])
  .describe('`node`: the role applies only where it is assigned. `subtree`: there and at every node below.');
export type Reach = z.infer<typeof Reach>;

const id = (description: string) => text({ nonEmpty: true }).describe(description);

export const SeedRef = z
  .strictObject({
    file: id('The seed file, e.g. `000_96d95d6678d9722e.txt` (in resources/seeds/).'),
    line: z.int().min(1).describe('1-based.'),
  })
  .describe('A line of a seed document.')
  .meta({ id: 'SeedRef' });
export type SeedRef = z.infer<typeof SeedRef>;

const source = z.array(SeedRef).min(1, 'needs at least one seed line').describe('The seed lines this is encoded from.');
const since = text({ nonEmpty: true }).optional().describe('Version id from which this exists (omitted: since the first version).');

export const ScopeLevel = z.strictObject({
  id: id('Column name in the canonical CSV, e.g. `organization`.'),
  name: id('Display name, e.g. `Organization`.'),
});
export type ScopeLevel = z.infer<typeof ScopeLevel>;

export const Assigns = z
  .strictObject({
    roles: z
      .union([z.array(id('A role id from `roles`.')).min(1), z.literal('any')])
      .describe(
        'The roles its holder can give. `any`: every role of the level of the tenant it is given at (the reading where the vendor does not say which).',
      ),
    where: z
      .enum(['here', 'here-and-below'])
      .describe(
        '`here`: at the tenants where the permission applies (where it is held, and below it for a role reaching down). `here-and-below`: there and at every tenant below.',
      ),
    source,
  })
  .describe(
    'Which roles a holder of this permission can give anyone, themselves included, and where: what makes access potential (docs/findings.md).',
  );
export type Assigns = z.infer<typeof Assigns>;

export const Permission = z.strictObject({
  id: id('Stable id, e.g. `billing.update-payment-info`.'),
  label: id("The seed's own words, e.g. `Update Payment Info`. Unique in the model, ignoring case."),
  category: id('e.g. `Billing`.'),
  level: id('The scope level this capability is exercised at (an id from `levels`).'),
  kind: PermissionKind,
  planDependent: z.boolean().optional().describe("True where the vendor says availability depends on the customer's plan."),
  privileged: z
    .boolean()
    .optional()
    .describe(
      'True for a capability a reviewer must single out: managing users or their roles, administering the tenancy or account-wide settings, billing changes, integrations.',
    ),
  assigns: Assigns.optional(),
  source,
});
export type Permission = z.infer<typeof Permission>;

export const RoleGrant = z.strictObject({
  permission: id('A permission id from `permissions`.'),
  channels: z.array(Channel).min(1).optional().describe('Channels this grant holds on; omitted means every channel.'),
  since,
  source,
});
export type RoleGrant = z.infer<typeof RoleGrant>;

export const Role = z.strictObject({
  id: id('Stable id, unique in the model, e.g. `org-admin`.'),
  name: id("The vendor's name, e.g. `Admin`. Names repeat across levels; (name, level) is unique."),
  aliases: z
    .array(text({ nonEmpty: true }))
    .describe('Other names an export may use for it, e.g. `Org Admin`. Matched case-insensitively.'),
  level: id('The scope level the role is assigned at (an id from `levels`).'),
  reach: Reach,
  description: z.string(),
  since,
  grants: z.array(RoleGrant),
  source,
});
export type Role = z.infer<typeof Role>;

export const ExactlyOneConstraint = z.strictObject({
  kind: z.literal('exactly-one'),
  role: id("Role id: every node of the role's level must have exactly one assignment of it."),
  description: z.string(),
  source,
});
export type ExactlyOneConstraint = z.infer<typeof ExactlyOneConstraint>;

/** One kind so far; a second would make this a discriminated union on `kind`. */
export const Constraint = ExactlyOneConstraint;
export type Constraint = ExactlyOneConstraint;

export const ModelVersion = z.strictObject({
  id: id('e.g. `2022-06`.'),
  effectiveFrom: z.iso
    .date('must be a day of the calendar written YYYY-MM-DD')
    .nullable()
    .describe('The day (YYYY-MM-DD) the version takes effect; null for the first version.'),
  note: z.string(),
  source,
});
export type ModelVersion = z.infer<typeof ModelVersion>;

export const RoleModel = z
  .strictObject({
    formatVersion: z.literal(1),
    id: id('e.g. `huntress`.'),
    name: id('e.g. `Huntress`.'),
    origin: id('The seed file the model is encoded from (built-in models), or a free-form origin.'),
    levels: z.array(ScopeLevel).min(1).describe('Root first.'),
    permissions: z.array(Permission),
    roles: z.array(Role),
    constraints: z.array(Constraint),
    versions: z.array(ModelVersion).min(1).describe('Oldest first.'),
    notes: z
      .array(z.strictObject({ text: z.string(), source }))
      .describe('Rules that are not grants but shape answers (shown with the roles).'),
  })
  .describe('A Permission Auditor role model (docs/model-format.md).');
export type RoleModel = z.infer<typeof RoleModel>;

// ---------------------------------------------------------------------------------------------------
// A model file a user writes: the same format, where every `source` may be left out (it then cites
// the model file itself, at the line the entry starts), and which may instead change a built-in model:
// `extends` names it, and the file's permissions, roles, versions and notes replace the built-in's of
// the same id (a role is given whole, with its grants) or are added to them.

const fileSource = z
  .array(SeedRef)
  .min(1, 'needs at least one line')
  .optional()
  .describe('Where this comes from. In a model file it may be left out: it then cites the model file at the line of this entry.');

export const ModelFile = z
  .strictObject({
    $schema: z.string().optional().describe('The JSON Schema this file follows (for editors); ignored.'),
    formatVersion: z.literal(1),
    extends: id('A built-in platform id (`huntress`) this file changes; omitted: the file is a whole model.').optional(),
    id: id('e.g. `acme-edr`. With `extends`, omitted: the built-in id.').optional(),
    name: id('e.g. `Acme EDR`.').optional(),
    origin: id('Where the model comes from (free text).').optional(),
    levels: z.array(ScopeLevel).min(1).optional().describe('Root first. Not with `extends`.'),
    permissions: z.array(Permission.extend({ source: fileSource, assigns: Assigns.extend({ source: fileSource }).optional() })).optional(),
    roles: z.array(Role.extend({ source: fileSource, grants: z.array(RoleGrant.extend({ source: fileSource })) })).optional(),
    constraints: z.array(ExactlyOneConstraint.extend({ source: fileSource })).optional(),
    versions: z
      .array(ModelVersion.extend({ source: fileSource }))
      .optional()
      .describe('Oldest first.'),
    notes: z.array(z.strictObject({ text: z.string(), source: fileSource })).optional(),
  })
  .describe('A Permission Auditor role model file (docs/model-format.md): a whole model, or changes to a built-in one.');
export type ModelFile = z.infer<typeof ModelFile>;
