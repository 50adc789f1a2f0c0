// JSON files people write (role models, findings rules), read so that every problem names its line:
// jsonc-parser (VS Code's JSON reader) keeps each value's offset in the text. One reader for them all.

import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { AuditError, type Problem } from './errors';
import { formatPath, type Issue } from './schema';

export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The line of the file where the value at a JSON path starts (its nearest present parent's, else 1). */
export function lineOf(text: string, tree: Node | undefined, path: PropertyKey[]): number {
  for (let length = path.length; tree && length >= 0; length--) {
    const node = findNodeAtLocation(tree, path.slice(0, length) as (string | number)[]);
    if (node) return lineAt(text, node.offset);
  }
  return 1;
}

/** A JSON file's text, parsed, with the line of any JSON path in it. */
export interface JsonText {
  value: unknown;
  lineOf(path: PropertyKey[]): number;
  /** An issue as a problem of the file: `FILE:LINE`, the JSON path and what is wrong (`the WHAT …` for the whole file). */
  problem(issue: Issue, what: string): Problem;
}

/**
 * Parses the text of `fileName` (a BOM ignored; no comments, no trailing commas). Not JSON, it is
 * refused as `refusal` with the first syntax error's line (the ones after it follow from it).
 */
export function readJsonText(text: string, fileName: string, refusal: string): JsonText {
  const body = text.replace(/^\uFEFF/, '');
  const syntax: ParseError[] = [];
  const tree = parseTree(body, syntax, { allowTrailingComma: false, disallowComments: true });
  if (syntax.length > 0 || !tree) {
    const [first] = syntax;
    const what = first
      ? printParseErrorCode(first.error)
          .replace(/([a-z])([A-Z])/g, '$1 $2')
          .toLowerCase()
      : 'empty';
    throw new AuditError('input', refusal, [
      { file: fileName, line: first ? lineAt(body, first.offset) : 1, message: `not valid JSON: ${what}` },
    ]);
  }
  const at = (path: PropertyKey[]) => lineOf(body, tree, path);
  return {
    value: JSON.parse(body) as unknown,
    lineOf: at,
    problem: (issue, what) => ({
      file: fileName,
      line: at(issue.path),
      message: issue.path.length === 0 ? `the ${what} ${issue.message}` : `${formatPath(issue.path)}: ${issue.message}`,
    }),
  };
}
