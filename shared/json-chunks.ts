// JSON written a piece at a time, so that an answer of a million findings or items is never one string
// (V8 refuses a string of more than about 512 MB): compact (reports' files) or indented as
// JSON.stringify(value, null, 2) indents (the CLI's --json). Lists may be LazyLists, whose elements are
// made only as they are written.

/** Array elements per chunk. */
const ELEMENTS = 1000;

/** A list whose elements are made as they are written (each finding's evidence read from the run's table). */
export class LazyList<T> {
  constructor(
    readonly length: number,
    readonly at: (i: number) => T,
  ) {}

  /** JSON.stringify writes it as the array it stands for (jsonChunks writes it a thousand elements at a time). */
  toJSON(): T[] {
    return Array.from({ length: this.length }, (_, i) => this.at(i));
  }
}

/**
 * JSON.stringify(value) + end, a piece at a time: an object member by member, an array a thousand
 * elements a chunk (each element whole), so a list of a million items is never one string.
 */
export function* jsonChunks(value: unknown, end = ''): Generator<string> {
  if (typeof value !== 'object' || value === null || ('toJSON' in value && !(value instanceof LazyList))) {
    yield `${JSON.stringify(value) ?? 'null'}${end}`;
    return;
  }
  if (Array.isArray(value) || value instanceof LazyList) {
    const at = Array.isArray(value) ? (i: number): unknown => value[i] : value.at;
    yield '[';
    for (let i = 0; i < value.length; i += ELEMENTS) {
      const elements: string[] = [];
      for (let j = i; j < Math.min(value.length, i + ELEMENTS); j++) elements.push(JSON.stringify(at(j)) ?? 'null');
      yield `${i === 0 ? '' : ','}${elements.join(',')}`;
    }
    yield `]${end}`;
    return;
  }
  yield '{';
  let first = true;
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    yield* jsonChunks(member);
  }
  yield `}${end}`;
}

/**
 * JSON.stringify(value, null, 2) + "\n", a piece at a time: an object's members and a list's elements
 * (a LazyList's made as written) each one piece; a member that is a list is opened the same way.
 */
export function* prettyJsonChunks(value: unknown, indent = ''): Generator<string> {
  const inner = `${indent}  `;
  const end = indent === '' ? '\n' : '';
  const whole = (v: unknown) => (JSON.stringify(v, null, 2) ?? 'null').replace(/\n/g, `\n${inner}`);
  const isList = (v: unknown): v is unknown[] | LazyList<unknown> => Array.isArray(v) || v instanceof LazyList;
  if (isList(value)) {
    const at = Array.isArray(value) ? (i: number): unknown => value[i] : value.at;
    for (let i = 0; i < value.length; i++) yield `${i === 0 ? '[' : ','}\n${inner}${whole(at(i))}`;
    yield value.length === 0 ? `[]${end}` : `\n${indent}]${end}`;
    return;
  }
  const members = typeof value === 'object' && value !== null && !('toJSON' in value) ? Object.entries(value) : null;
  if (!members) {
    yield `${whole(value)}${end}`;
    return;
  }
  const written = members.filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  for (const [i, [key, member]] of written.entries()) {
    yield `${i === 0 ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
    if (isList(member)) yield* prettyJsonChunks(member, inner);
    else yield whole(member);
  }
  yield written.length === 0 ? `{}${end}` : `\n${indent}}${end}`;
}
