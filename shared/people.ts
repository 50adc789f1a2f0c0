// What a reviewer looks at first about a person with access: an account that is not active (a
// suspended account that still holds admin rights), or MFA that is off. Read from the canonical
// values the importer stores (shared/csv/values.ts); a database imported before values were checked
// may hold other spellings, which the same parsers read.

import { parseMfa, parseStatus } from './csv/values';
import type { User } from './snapshot';

export interface PersonFlag {
  kind: 'status' | 'mfa';
  /** As a badge reads: "suspended", "invited", "no MFA". */
  text: string;
  /** Suspended is danger (an account that should hold nothing), no MFA a warning, invited neutral. */
  tone: 'danger' | 'warning' | 'neutral';
}

export function personFlags(person: Pick<User, 'status' | 'mfa'>): PersonFlag[] {
  const flags: PersonFlag[] = [];
  if (person.status !== undefined) {
    const status = parseStatus(person.status);
    const text = status.ok ? status.value : person.status;
    if (text !== 'active') flags.push({ kind: 'status', text, tone: text === 'suspended' ? 'danger' : 'neutral' });
  }
  if (person.mfa !== undefined) {
    const mfa = parseMfa(person.mfa);
    if (mfa.ok && mfa.value === 'disabled') flags.push({ kind: 'mfa', text: 'no MFA', tone: 'warning' });
  }
  return flags;
}
