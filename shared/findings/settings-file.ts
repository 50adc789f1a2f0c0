// The findings rules file as a user writes it (settings.ts), read with every problem as
// `FILE:LINE: JSON path: what is wrong`, as a role model file is read.

import { AuditError } from '../errors';
import { readJsonText } from '../json-text';
import { check, type Issue } from '../schema';
import { FindingsSettings } from './settings';

/** A rules file, read and checked, with the line of any JSON path in it (for problems found later, against a snapshot). */
export interface SettingsFile {
  settings: FindingsSettings;
  /** `FILE:LINE: path: message` for each issue, as an input error's problems. */
  problems(issues: Issue[]): { file: string; line: number; message: string }[];
}

export const refusal = (fileName: string) => `${fileName} is not a valid findings rules file:`;

/** Reads a rules file's text; refuses, with every problem by line and JSON path, one that is not JSON or not of the format. */
export function readSettingsFile(text: string, fileName: string): SettingsFile {
  const json = readJsonText(text, fileName, refusal(fileName));
  const problems = (issues: Issue[]) => issues.map((issue) => json.problem(issue, 'rules file'));
  const parsed = check(FindingsSettings, json.value);
  if (!parsed.ok) throw new AuditError('input', refusal(fileName), problems(parsed.issues));
  return { settings: parsed.value, problems };
}
