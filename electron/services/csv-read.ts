// Reading a CSV file as records: the one reader behind both the preview and the import, so that
// both see a file the same way.
//
// The bytes are decoded as they stream (never by hand: Node's TextDecoder, `fatal` for UTF-8 and
// UTF-16 so that nothing is ever replaced), line breaks are normalized (CRLF and a lone CR become LF;
// a CR at the end of a chunk is held back until the next one shows whether an LF follows), and
// papaparse is given `newline: '\n'` and the delimiter found in the header line (detectDelimiter)
// rather than guessing either. The encoding is chosen by detectEncoding: a BOM says UTF-8, UTF-16 LE
// or UTF-16 BE; without one, a file whose bytes are valid UTF-8 is UTF-8 and any other is read as
// Windows-1252 (what Excel writes as "CSV" on Western Windows systems).

import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { pipeline, Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import Papa from 'papaparse';
import { detectDelimiter, encodingLabel, isFiller, type TextEncodingId } from '../../shared/csv/text';
import { mayHoldForbidden } from '../../shared/csv/values';

export interface NamedFile {
  path: string;
  name: string;
  size: number;
}

/** The longest a single record may be; a quote that is never closed would otherwise swallow the file. */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;
/** Bytes read from a file at a time, and characters parsed at a time. */
const READ_BYTES = 1024 * 1024;
const CHUNK_CHARS = 64 * 1024;
/** Bytes of the file's start decoded to find the header line's delimiter. */
const SNIFF_BYTES = 256 * 1024;

export interface Encoding {
  encoding: TextEncodingId;
  /** Bytes of the byte order mark at the start (0 when there is none). */
  bom: number;
}

/** How many bytes at the end of `chunk` are the start of a UTF-8 sequence that goes on in the next chunk. */
function incompleteTail(chunk: Buffer): number {
  for (let back = 1; back <= Math.min(3, chunk.length); back++) {
    const byte = chunk[chunk.length - back];
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

/** The encoding of a file: by its BOM, else UTF-8 when every byte of it is valid UTF-8, else Windows-1252. */
export async function detectEncoding(file: string): Promise<Encoding> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const head = Buffer.alloc(3);
    const { bytesRead } = await fd.read(head, 0, 3, 0);
    if (bytesRead >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
    if (bytesRead >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
    if (bytesRead >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  } finally {
    await fd.close();
  }
  // No BOM: valid UTF-8 throughout, checked a chunk at a time (a sequence cut by a chunk's end is
  // carried over to the next chunk).
  let carry: Buffer | undefined;
  for await (const read of fs.createReadStream(file, { highWaterMark: READ_BYTES })) {
    const chunk: Buffer = carry ? Buffer.concat([carry, read as Buffer]) : (read as Buffer);
    const tail = incompleteTail(chunk);
    if (!isUtf8(chunk.subarray(0, chunk.length - tail))) return { encoding: 'windows-1252', bom: 0 };
    carry = tail > 0 ? Buffer.from(chunk.subarray(chunk.length - tail)) : undefined;
  }
  return { encoding: carry ? 'windows-1252' : 'utf-8', bom: 0 };
}

/**
 * A streaming decoder for the encoding. UTF-8 without a BOM has just been checked byte for byte by
 * detectEncoding, so Node's string decoder (about twice as fast as TextDecoder here) reads it exactly;
 * were the file changed in between, a damaged character would arrive as U+FFFD, which no stored cell
 * may hold (checkText refuses it).
 */
function decoderFor({ encoding, bom }: Encoding): { decode(chunk?: Buffer, options?: { stream: boolean }): string } {
  if (encoding !== 'utf-8' || bom > 0) return new TextDecoder(encoding, { fatal: encoding !== 'windows-1252' });
  const decoder = new StringDecoder('utf8');
  return { decode: (chunk) => (chunk === undefined ? decoder.end() : decoder.write(chunk)) };
}

/** Turns CRLF and lone CRs into LF across chunks: a CR at a chunk's end waits for the next chunk. */
class LineBreaks {
  private pendingCr = false;

  take(text: string): string {
    if (this.pendingCr) text = '\r' + text;
    this.pendingCr = text.length > 0 && text.charCodeAt(text.length - 1) === 13;
    if (this.pendingCr) text = text.slice(0, -1);
    return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  }

  end(): string {
    const tail = this.pendingCr ? '\n' : '';
    this.pendingCr = false;
    return tail;
  }
}

/** The delimiter of a file, from its header line (the start of the file, decoded). */
async function sniffDelimiter(file: string, encoding: TextEncodingId): Promise<string> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fd.read(buffer, 0, SNIFF_BYTES, 0);
    const text = new TextDecoder(encoding).decode(buffer.subarray(0, bytesRead), { stream: true });
    const breaks = new LineBreaks();
    return detectDelimiter(breaks.take(text) + breaks.end());
  } finally {
    await fd.close();
  }
}

export interface CsvHandlers {
  /** The first non-blank record. Return false to stop reading the file. */
  header(headers: string[], line: number): boolean;
  /**
   * Each following non-blank record, with the physical line it starts on. `scanned`: no cell of it
   * holds a character no cell may hold (the file's text so far was scanned, and no cell has a line
   * break or tab), so a reader need not look for them cell by cell. Return false to stop.
   */
  record(record: string[], line: number, scanned: boolean): boolean;
  /** A record the parser could not read cleanly, or bytes that are not text in the file's encoding. */
  problem(line: number, message: string): void;
  progress?(bytesRead: number, records: number): void;
  /** Called before each chunk of bytes is parsed; reading waits for it (backpressure). */
  ready?(): Promise<void> | undefined;
}

export interface CsvResult {
  sha256: string;
  size: number;
  delimiter: string;
  encoding: TextEncodingId;
  /** Whether the whole file was read (not stopped by a handler, a runaway quote or undecodable bytes). */
  complete: boolean;
  /** Whether bytes could not be decoded (reported through `problem`). */
  undecodable: boolean;
}

/** Why a file's bytes could not be read: where, as what, and what to do. */
function notText(encoding: TextEncodingId, where: string): string {
  const label = encodingLabel(encoding);
  return `the file is not valid ${label} text (${where}); it was read as ${label} because of its byte order mark. Save it again as UTF-8 and import that`;
}

const isBlank = (record: string[]) => record.every((field) => field.trim() === '');
/** Before the header a line of delimiters alone (`,,` in a `;` file) is blank too, as detectDelimiter has it. */
const isBlankBeforeHeader = (record: string[]) => record.every(isFiller);

/** Physical lines a record spans beyond its first: the line breaks inside its quoted fields. */
function extraLines(record: string[]): number {
  let extra = 0;
  for (const field of record) {
    for (let i = field.indexOf('\n'); i !== -1; i = field.indexOf('\n', i + 1)) extra++;
  }
  return extra;
}

/**
 * Streams a CSV file: records with their starting line numbers, hashing the bytes as they pass.
 * Handles the encodings of detectEncoding, `,` `;` tab and `|` delimiters, quoted fields with line
 * breaks, any line endings, blank lines.
 */
export async function streamCsv(file: NamedFile, handlers: CsvHandlers): Promise<CsvResult> {
  const detected = await detectEncoding(file.path);
  const { encoding } = detected;
  const delimiter = await sniffDelimiter(file.path, encoding);
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    let bytes = 0;
    let quoted = false;
    // Windows-1252 maps every byte; for UTF-8 and UTF-16 a byte that is not text is an error, never a U+FFFD.
    const decoder = decoderFor(detected);
    const breaks = new LineBreaks();
    let undecodable: string | undefined;
    /** No character a cell may not hold in the text read so far (except separators). */
    let scannedClean = true;
    const source = fs.createReadStream(file.path, { highWaterMark: READ_BYTES });
    const tap = new Transform({
      readableObjectMode: true,
      transform(chunk: Buffer, _encoding, done) {
        const at = bytes;
        hash.update(chunk);
        bytes += chunk.length;
        if (undecodable !== undefined) return done();
        const pass = () => {
          let text: string;
          try {
            // Stream mode also matters for Windows-1252: Node 20's one-shot decode gives C1 controls for 0x80–0x9F.
            text = breaks.take(decoder.decode(chunk, { stream: true }));
          } catch {
            undecodable = notText(encoding, `bytes ${at}–${at + chunk.length - 1}`);
            return done();
          }
          if (!quoted && text.includes('"')) quoted = true;
          if (scannedClean && mayHoldForbidden(text, delimiter === '\t')) scannedClean = false;
          // Parsed a small chunk at a time: fewer records are alive at once (less work for the GC).
          for (let from = 0; from < text.length; from += CHUNK_CHARS) this.push(text.slice(from, from + CHUNK_CHARS));
          done();
        };
        const wait = handlers.ready?.();
        if (wait) wait.then(pass, done);
        else pass();
      },
      flush(done) {
        if (undecodable === undefined) {
          try {
            const tail = breaks.take(decoder.decode()) + breaks.end();
            if (!quoted && tail.includes('"')) quoted = true;
            if (scannedClean && mayHoldForbidden(tail, delimiter === '\t')) scannedClean = false;
            if (tail !== '') this.push(tail);
          } catch {
            undecodable = notText(encoding, 'its last bytes');
          }
        }
        done();
      },
    });

    let line = 1;
    let records = 0;
    let sawHeader = false;
    let stopped = false;
    let settled = false;
    let emptyChunks = 0;

    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      if (error) {
        source.destroy();
        reject(error);
        return;
      }
      if (undecodable !== undefined) handlers.problem(line, undecodable);
      if (stopped) source.destroy();
      resolve({
        sha256: hash.digest('hex'),
        size: bytes,
        delimiter,
        encoding,
        complete: !stopped && undecodable === undefined,
        undecodable: undecodable !== undefined,
      });
    };

    pipeline(source, tap, (error) => {
      if (error && !stopped) finish(error);
    });

    Papa.parse<string[], NodeJS.ReadableStream>(tap, {
      delimiter,
      newline: '\n',
      skipEmptyLines: false,
      chunk(results, parser) {
        if (stopped) return;
        try {
          const data = results.data;
          const broken = new Map<number, string[]>();
          for (const error of results.errors) {
            if (error.code === 'UndetectableDelimiter' || error.row === undefined) continue;
            const message =
              error.code === 'MissingQuotes'
                ? 'unterminated quoted field: a " opened in this record is never closed'
                : 'malformed quotes: a quoted field must end with " before the next delimiter or line break';
            const messages = broken.get(error.row) ?? [];
            if (!messages.includes(message)) messages.push(message);
            broken.set(error.row, messages);
          }
          emptyChunks = data.length === 0 ? emptyChunks + 1 : 0;
          if (emptyChunks * CHUNK_CHARS >= MAX_RECORD_BYTES) {
            handlers.problem(
              line,
              `unterminated quoted field: a " opened in this record is not closed within ${MAX_RECORD_BYTES / 1024 / 1024} MiB`,
            );
            stopped = true;
          }
          for (let i = 0; i < data.length && !stopped; i++) {
            const record = data[i];
            const start = line;
            const breaks = quoted ? extraLines(record) : 0;
            line += 1 + breaks;
            const messages = broken.get(i);
            if (messages !== undefined) {
              for (const message of messages) handlers.problem(start, message);
              // Without a readable header there is nothing to read the rest of the file against.
              if (!sawHeader) stopped = true;
              continue;
            }
            if (sawHeader ? isBlank(record) : isBlankBeforeHeader(record)) continue;
            if (!sawHeader) {
              sawHeader = true;
              if (!handlers.header(record, start)) stopped = true;
              continue;
            }
            records++;
            // A quoted field may hold a line break, or in a tab-separated file a tab.
            const scanned = scannedClean && breaks === 0 && !(quoted && delimiter === '\t');
            if (!handlers.record(record, start, scanned)) stopped = true;
          }
          handlers.progress?.(bytes, records);
          if (stopped) parser.abort();
        } catch (error) {
          stopped = true;
          parser.abort();
          finish(error);
        }
      },
      complete() {
        finish();
      },
      error(error) {
        finish(error);
      },
    });
  });
}
