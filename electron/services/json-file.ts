// A JSON file a user gives (a role model, a findings rules file), read from disk: bounded in size,
// UTF-8 only (JSON's encoding; bytes that are not are refused, never replaced), with its SHA-256.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ImportFile } from '../../shared/api';
import { AuditError } from '../../shared/errors';

/** What the file is, in the messages: `role model file` ("not a role model file", "a role model file is JSON"), and its short name (`model file`). */
export interface JsonFileKind {
  noun: string;
  short: string;
  maxBytes: number;
}

export interface JsonFile {
  fileName: string;
  text: string;
  sha256: string;
}

export function readJsonFile(file: ImportFile, kind: JsonFileKind): JsonFile {
  const fileName = file.name ?? path.basename(file.path);
  let bytes: Buffer;
  try {
    if (fs.statSync(file.path).size > kind.maxBytes)
      throw new AuditError('input', `${fileName} is larger than ${kind.maxBytes / 1024 / 1024} MB: not a ${kind.noun}`);
    bytes = fs.readFileSync(file.path);
  } catch (error) {
    if (error instanceof AuditError) throw error;
    throw new AuditError(
      'not-found',
      `cannot read the ${kind.short} ${file.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AuditError('input', `${fileName} is not UTF-8 text: a ${kind.noun} is JSON, written in UTF-8`);
  }
  return { fileName, text, sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
}
