// The findings rules file, declared once as a schema: which rules run and how (thresholds, inactivity
// days, allowed email domains, segregation-of-duties pairs), and the exceptions a reviewer accepted.
// The types are inferred from it; docs/findings.schema.json is generated from it (`npm run schema`,
// `permaudit findings --schema`). One file serves the CLI and the app; docs/findings.md describes it.

import * as z from 'zod';
import { integer, text } from '../schema';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const Severity = z.enum(SEVERITIES).describe('How urgent a finding is, most urgent first.');
export type Severity = z.infer<typeof Severity>;

/** The built-in rules, in the order a report lists them within a severity. */
export const RULE_IDS = [
  'privileged-no-mfa',
  'model-constraint',
  'segregation',
  'escalation',
  'disabled-with-roles',
  'never-logged-in',
  'inactive',
  'too-many-admins',
  'outside-domain',
  'cross-customer',
  'privileged-access',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

const day = z.iso.date('must be a day of the calendar written YYYY-MM-DD');
const domain = text({ nonEmpty: true, max: 253, pattern: /^[^\s@]+\.[^\s@.]+$/, form: 'a domain such as example.com (no @)' });
const domains = z.array(domain).max(1000);
const idOrLabel = text({ nonEmpty: true, max: 200 });

const base = {
  enabled: z.boolean().optional().describe('False turns the rule off (default: on).'),
  severity: Severity.optional().describe("The severity of the rule's findings, instead of its own."),
};

/** One side of a segregation-of-duties pair: holding any of these permissions or roles. */
const DutySide = z
  .strictObject({
    permissions: z.array(idOrLabel).max(200).optional().describe('Permission ids or labels (any case).'),
    roles: z.array(idOrLabel).max(200).optional().describe('Role ids (`account-finance`) or labels (`Finance`, `Admin · organization`).'),
  })
  .refine((side) => (side.permissions?.length ?? 0) + (side.roles?.length ?? 0) > 0, 'needs at least one permission or role');

export const DutyPair = z.strictObject({
  name: text({ nonEmpty: true, max: 200 }).describe('What the conflict is, e.g. `Billing with user management`.'),
  platform: text({ nonEmpty: true, max: 64 })
    .optional()
    .describe('The platform id the pair is for (`huntress`); omitted: every platform. A pair for another platform is skipped.'),
  first: DutySide,
  second: DutySide,
});
export type DutyPair = z.infer<typeof DutyPair>;

export const RuleSettings = z
  .strictObject({
    'privileged-access': z.strictObject(base).optional().describe('Each person holding a privileged permission, and where.'),
    'too-many-admins': z
      .strictObject({
        ...base,
        max: integer(1).optional().describe('More admins than this at one tenant is a finding (default: 5).'),
        roles: z
          .array(idOrLabel)
          .max(200)
          .optional()
          .describe(
            'The roles that make an admin (ids or labels). Default: every role that grants a privileged permission of a users category.',
          ),
      })
      .optional(),
    'model-constraint': z.strictObject(base).optional().describe("The model's own rules, e.g. Hexiosec's one Owner per organisation."),
    'privileged-no-mfa': z.strictObject(base).optional().describe('Privileged people whose export says MFA is off, or says nothing.'),
    inactive: z
      .strictObject({ ...base, days: integer(1).optional().describe('No login for more than this many days (default: 90).') })
      .optional(),
    'never-logged-in': z.strictObject(base).optional(),
    'disabled-with-roles': z.strictObject(base).optional().describe('Suspended or invited people who still hold roles.'),
    'outside-domain': z
      .strictObject({
        ...base,
        everywhere: domains.optional().describe("Domains allowed at every tenant: the MSP's own staff."),
        tenants: z
          .record(text({ nonEmpty: true, max: 2000 }), domains)
          .optional()
          .describe('Tenant path → domains allowed there and below, besides `everywhere`.'),
      })
      .optional(),
    'cross-customer': z
      .strictObject({
        ...base,
        min: integer(2).optional().describe("Roles in at least this many customers' tenants is a finding (default: 2)."),
        level: text({ nonEmpty: true, max: 64 })
          .optional()
          .describe("The scope level whose tenants are customers (default: the model's `organization` or `organisation` level)."),
      })
      .optional(),
    escalation: z
      .strictObject(base)
      .optional()
      .describe(
        "People who could give themselves privileged access they do not hold, through a permission that gives roles (the model's `assigns`), with the path.",
      ),
    segregation: z
      .strictObject({ ...base, pairs: z.array(DutyPair).max(200).optional().describe('Pairs no one should hold together at one tenant.') })
      .optional(),
  })
  .describe('Settings per rule; a rule left out runs with its defaults.');
export type RuleSettings = z.infer<typeof RuleSettings>;

export const FindingException = z
  .strictObject({
    rule: z.enum(RULE_IDS).describe('The rule whose findings this accepts.'),
    user: text({ nonEmpty: true, max: 320 }).optional().describe("The person's email: only findings about them."),
    node: text({ nonEmpty: true, max: 2000 }).optional().describe('A tenant path: only findings at that tenant.'),
    reason: text({ nonEmpty: true, max: 2000 }).describe('Why the risk is accepted.'),
    acceptedBy: text({ nonEmpty: true, max: 200 }).describe('Who accepted it.'),
    expires: day.describe('The last day (YYYY-MM-DD) it holds; after it the finding is reported again, saying so.'),
  })
  .refine((e) => e.user !== undefined || e.node !== undefined, { message: 'needs a user, a node or both', path: ['user'] });
export type FindingException = z.infer<typeof FindingException>;

export const FindingsSettings = z
  .strictObject({
    $schema: z.string().optional().describe('The JSON Schema this file follows (for editors); ignored.'),
    formatVersion: z.literal(1),
    rules: RuleSettings.optional(),
    exceptions: z.array(FindingException).max(10_000).optional().describe('Accepted findings, each with its reason, who and until when.'),
  })
  .describe('Permission Auditor findings rules and exceptions (docs/findings.md).');
export type FindingsSettings = z.infer<typeof FindingsSettings>;

export const DEFAULTS = { maxAdmins: 5, inactiveDays: 90, minCustomers: 2 } as const;

/** The settings of a run without a rules file: every rule on, with its defaults. */
export const DEFAULT_SETTINGS: FindingsSettings = { formatVersion: 1 };
