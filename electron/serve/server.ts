// Browser mode: the built renderer and the API contract over HTTP on 127.0.0.1 only.
//
// Another page in the same browser, or another user of the machine, must not be able to drive it:
// - it listens on the loopback address, never on a public one;
// - every request's Host (and Origin, when sent) must name this server, which defeats DNS rebinding;
// - every API call carries a random token (the X-Permaudit-Token header; only the event stream, which
//   EventSource opens without headers, takes it as ?token=), compared in constant time;
// - the UI can make the back end read only files it uploaded, or the bundled samples.
//
// Wire protocol (see shared/api.ts for the types):
//   POST /api/call/<method>  JSON argument → ApiResult, with 200 or an error status by kind
//   POST /api/upload?name=N  raw file bytes → ApiResult<ImportFile>
//   GET  /api/events?token=T Server-Sent Events: `import-progress` while an import runs
//   GET  /api/download/<id>?token=T  an export written by exportAnswer, once (a link the page
//                            follows, so the token is in the address, as for the event stream)
//   GET  anything else       the renderer's files, with a strict Content-Security-Policy

import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { STATUS_BY_KIND, type ApiResult, type ImportFile, type ImportProgress } from '../../shared/api';
import { AuditError, toApiError } from '../../shared/errors';
import { openAuditService, type AuditService } from '../services/audit-service';
import { dispatch } from '../services/dispatch';
import { CONTENT_SECURITY_POLICY } from '../services/security';
import { findChromium, HTML_INSTEAD, printPdfWithChromium } from '../services/report-pdf';

export interface ServerOptions {
  dbPath: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default: 32 random bytes. Tests pass their own. */
  token?: string;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  resourcesDir?: string;
  /** Default: HOST_LIMITS. Tests pass small ones. */
  limits?: Partial<HostLimits>;
}

/** What one browser (or a page abusing it) can make the host hold or wait for. */
export interface HostLimits {
  /** One upload's size. */
  maxUploadBytes: number;
  /** Uploads held at once (received or arriving, not yet imported). */
  maxUploads: number;
  /** Their total size. */
  maxUploadTotalBytes: number;
  /** An upload not uploaded, previewed or imported for this long is deleted. */
  uploadIdleMs: number;
  /** A client must send its request's headers within this time... */
  headersTimeoutMs: number;
  /** ...and the whole request (an upload included) within this one. */
  requestTimeoutMs: number;
  /** An idle kept-alive connection is closed after this time. */
  keepAliveTimeoutMs: number;
}

export const HOST_LIMITS: HostLimits = {
  maxUploadBytes: 2 * 1024 ** 3,
  maxUploads: 20,
  maxUploadTotalBytes: 4 * 1024 ** 3,
  uploadIdleMs: 30 * 60_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 10 * 60_000,
  keepAliveTimeoutMs: 5_000,
};

export interface RunningServer {
  /** The address to open, token included. */
  url: string;
  origin: string;
  token: string;
  port: number;
  /** Where uploads are held until they are imported, abandoned or the host closes. */
  uploadDir: string;
  close(): Promise<void>;
}

export const TOKEN_HEADER = 'x-permaudit-token';
const MAX_CALL_BYTES = 1024 * 1024;

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** An export's media type, by its file's extension (a big answer's CSV or JSON, a report's HTML or PDF). */
const DOWNLOAD_TYPES: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.pdf': 'application/pdf',
};

const sizeText = (bytes: number) =>
  bytes >= 1024 ** 3 ? `${bytes / 1024 ** 3} GiB` : bytes >= 1024 ** 2 ? `${bytes / 1024 ** 2} MiB` : `${bytes} bytes`;

/** A request refused with its own status: too large (413) or one upload too many (429). */
class Refusal extends AuditError {
  constructor(
    readonly status: 413 | 429,
    message: string,
  ) {
    super('usage', message);
  }
}

function sameToken(given: string | null | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A file name safe to create in the upload folder, keeping what the user will recognise. */
function safeFileName(name: string): string {
  const base = path
    .basename(name.replace(/\\/g, '/'))
    .replace(/[^\w.\- ()]+/g, '_')
    .slice(0, 120);
  return base === '' || base.startsWith('.') ? `upload${base}` : base;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-uploads-'));
  // Exports are written here, each in its own folder, and deleted once downloaded (or when the host closes).
  const exportDir = path.join(uploadDir, 'exports');
  const downloads = new Map<string, string>();
  const chooseExportTarget = async (suggestedName: string) => {
    const id = randomBytes(16).toString('hex');
    const folder = path.join(exportDir, id);
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, safeFileName(suggestedName));
    downloads.set(id, file);
    return { path: file, download: `/api/download/${id}` };
  };
  const service: AuditService = openAuditService({
    dbPath: options.dbPath,
    resourcesDir: options.resourcesDir,
    longLived: true,
    chooseExportTarget,
    // A report's PDF is printed by the Chromium on this machine; without one, the page is told how to get one.
    printPdf: async (html, title) => printPdfWithChromium(html, title, findChromium(process.env, HTML_INSTEAD.app)),
  });
  const readable = new Set<string>(service.samples({}).flatMap((s) => s.files.map((f) => path.resolve(f.path))));
  const eventStreams = new Set<http.ServerResponse>();
  const rendererDir = path.resolve(options.rendererDir);
  const limits = { ...HOST_LIMITS, ...options.limits };
  /** Each upload held, by its file: its size so far and when it was last used. */
  const uploads = new Map<string, { size: number; usedAt: number }>();
  let uploadCount = 0;
  // Filled in once the port is known, before the first request can arrive.
  const allowedHosts = new Set<string>();
  const allowedOrigins = new Set<string>();

  /** `close`: end the connection after the answer, rather than read (or wait for) the rest of a refused request. */
  const send = (res: http.ServerResponse, status: number, body: unknown, close = false) => {
    const headers = { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' };
    res.writeHead(status, close ? { ...headers, Connection: 'close' } : headers);
    if (close) res.on('finish', () => res.req.destroy());
    res.end(JSON.stringify(body));
  };
  const sendResult = (res: http.ServerResponse, result: ApiResult<unknown>) =>
    send(res, result.ok ? 200 : STATUS_BY_KIND[result.error.kind], result);
  /**
   * Refusals come before any service runs: a malformed request (400), forbidden (403), unknown endpoint
   * (404), wrong method (405), an upload too large (413) or one too many (429). The connection closes.
   */
  const refuse = (res: http.ServerResponse, status: 400 | 403 | 404 | 405 | 413 | 429, message: string) =>
    send(res, status, { ok: false, error: { kind: status === 404 ? 'not-found' : 'usage', message, problems: [] } }, true);

  const forget = (file: string) => {
    uploads.delete(file);
    readable.delete(file);
    try {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    } catch {
      // Still open elsewhere (Windows refuses to delete an open file): the folder goes at close.
    }
  };
  // Uploads the page left behind (it closed, or the user gave up) do not stay on disk until the host stops.
  const sweep = setInterval(
    () => {
      for (const [file, upload] of uploads) if (Date.now() - upload.usedAt > limits.uploadIdleMs) forget(file);
    },
    Math.min(limits.uploadIdleMs, 60_000),
  );
  sweep.unref();

  const broadcast = (event: string, data: unknown) => {
    for (const stream of eventStreams) stream.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };

  const checkFile = (file: ImportFile) => {
    const resolved = path.resolve(file.path);
    if (!readable.has(resolved)) {
      throw new AuditError(
        'usage',
        `${file.name ?? path.basename(file.path)} was not uploaded; browser mode reads only uploaded files and the bundled samples`,
      );
    }
    const upload = uploads.get(resolved);
    if (upload) upload.usedAt = Date.now();
  };

  async function readJson(req: http.IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    let size = 0;
    // Not destroyed on a refusal, so the refusal can still be answered.
    for await (const chunk of req.iterator({ destroyOnReturn: false })) {
      size += (chunk as Buffer).length;
      if (size > MAX_CALL_BYTES) throw new Refusal(413, 'the request is too large');
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    try {
      return text === '' ? {} : JSON.parse(text);
    } catch {
      throw new AuditError('usage', 'the request body is not JSON');
    }
  }

  async function upload(req: http.IncomingMessage, url: URL): Promise<ImportFile> {
    const name = url.searchParams.get('name') ?? 'upload.csv';
    const tooLarge = `${name} is larger than ${sizeText(limits.maxUploadBytes)}`;
    const tooMuch = `the uploads held at once would exceed ${sizeText(limits.maxUploadTotalBytes)}; import or reload first`;
    const held = () => [...uploads.values()].reduce((sum, u) => sum + u.size, 0);
    // Content-Length is only a claim (and a chunked body has none): the bytes are counted below too.
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limits.maxUploadBytes) throw new Refusal(413, tooLarge);
    if (declared + held() > limits.maxUploadTotalBytes) throw new Refusal(413, tooMuch);
    if (uploads.size >= limits.maxUploads) throw new Refusal(429, `${limits.maxUploads} uploads are held already; import or reload first`);
    const folder = path.join(uploadDir, String(++uploadCount));
    fs.mkdirSync(folder);
    const target = path.join(folder, safeFileName(name));
    const entry = { size: 0, usedAt: Date.now() };
    uploads.set(target, entry);
    try {
      await pipeline(
        req.iterator({ destroyOnReturn: false }),
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            entry.size += chunk.length;
            entry.usedAt = Date.now();
            if (entry.size > limits.maxUploadBytes) throw new Refusal(413, tooLarge);
            if (held() > limits.maxUploadTotalBytes) throw new Refusal(413, tooMuch);
            yield chunk;
          }
        },
        fs.createWriteStream(target, { flags: 'wx' }),
      );
    } catch (error) {
      forget(target);
      throw error;
    }
    readable.add(target);
    return { path: target, name };
  }

  function events(req: http.IncomingMessage, res: http.ServerResponse) {
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    eventStreams.add(res);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(heartbeat);
      eventStreams.delete(res);
    });
  }

  function serveFile(res: http.ServerResponse, pathname: string) {
    let file: string;
    try {
      file = path.join(rendererDir, path.normalize(decodeURIComponent(pathname)));
    } catch {
      return refuse(res, 404, 'malformed path');
    }
    const inside = file === rendererDir || file.startsWith(rendererDir + path.sep);
    if (!inside || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(rendererDir, 'index.html');
    if (!fs.existsSync(file)) {
      res.writeHead(500, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`The renderer is not built: ${file} is missing. Run \`npm run build\`.`);
      return;
    }
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    const cache = file.endsWith('index.html') ? 'no-store' : 'public, max-age=3600';
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': cache });
    fs.createReadStream(file).pipe(res);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    // Node keeps the first of two Host headers; a proxy or cache in between might take the other.
    if ((req.headersDistinct.host?.length ?? 0) > 1) return refuse(res, 400, 'more than one Host header');
    if (!allowedHosts.has(req.headers.host ?? '')) return refuse(res, 403, 'unexpected Host header');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin)) return refuse(res, 403, 'unexpected Origin header');
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);

    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed');
      return serveFile(res, url.pathname);
    }
    if (url.pathname === '/api/events' && req.method === 'GET') {
      if (!sameToken(url.searchParams.get('token'), token)) return refuse(res, 403, 'missing or wrong token');
      return events(req, res);
    }
    const download = url.pathname.match(/^\/api\/download\/([0-9a-f]{32})$/)?.[1];
    if (download !== undefined && req.method === 'GET') {
      if (!sameToken(url.searchParams.get('token'), token)) return refuse(res, 403, 'missing or wrong token');
      return sendDownload(res, download);
    }
    if (!sameToken(req.headers[TOKEN_HEADER] as string | undefined, token)) return refuse(res, 403, 'missing or wrong token');
    if (req.method !== 'POST') return refuse(res, 405, `${req.method} is not allowed on ${url.pathname}`);

    if (url.pathname === '/api/upload') {
      try {
        return sendResult(res, { ok: true, value: await upload(req, url) });
      } catch (error) {
        if (error instanceof Refusal) return refuse(res, error.status, error.message);
        return sendResult(res, { ok: false, error: toApiError(error) });
      }
    }
    // Any name is the contract's to refuse (400), `__proto__` and `constructor` included.
    const method = url.pathname.match(/^\/api\/call\/([^/]+)$/)?.[1];
    if (!method) return refuse(res, 404, `no such endpoint: ${url.pathname}`);
    let argument: unknown;
    try {
      argument = await readJson(req);
    } catch (error) {
      if (error instanceof Refusal) return refuse(res, error.status, error.message);
      return sendResult(res, { ok: false, error: toApiError(error) });
    }
    const onProgress = (progress: ImportProgress) => broadcast('import-progress', progress);
    const named: string[] = [];
    const checkAndNote = (file: ImportFile) => {
      checkFile(file);
      named.push(path.resolve(file.path));
    };
    const result = await dispatch(service, method, argument, { onProgress, checkFile: checkAndNote });
    // An imported upload is in the snapshot now; one that failed stays, to retry with another mapping.
    if (method === 'importFiles' && result.ok) for (const file of named) if (uploads.has(file)) forget(file);
    return sendResult(res, result);
  }

  /** An export's file, as an attachment, then gone: a download link works once. */
  async function sendDownload(res: http.ServerResponse, id: string) {
    const file = downloads.get(id);
    if (!file || !fs.existsSync(file)) return refuse(res, 404, 'no such export (a download link works once)');
    downloads.delete(id);
    const type = DOWNLOAD_TYPES[path.extname(file).toLowerCase()] ?? 'text/csv; charset=utf-8';
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': type,
      'Content-Length': fs.statSync(file).size,
      'Content-Disposition': `attachment; filename="${path.basename(file).replace(/[^\w.-]/g, '_')}"`,
      'Cache-Control': 'no-store',
    });
    try {
      await pipeline(fs.createReadStream(file), res);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  }

  const server = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // How often Node looks for requests past those timeouts (30 s by default).
      connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
    },
    (req, res) => {
      handle(req, res).catch((error) => {
        if (!res.headersSent) sendResult(res, { ok: false, error: toApiError(error) });
        else res.destroy();
      });
    },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', resolve);
    });
  } catch (error) {
    // The port is taken (or not ours to use): nothing of this attempt stays open, so a caller can try another.
    clearInterval(sweep);
    service.close();
    fs.rmSync(uploadDir, { recursive: true, force: true });
    throw error;
  }
  const port = (server.address() as { port: number }).port;
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
    allowedHosts.add(host);
    allowedOrigins.add(`http://${host}`);
  }
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    port,
    uploadDir,
    close: async () => {
      clearInterval(sweep);
      for (const stream of eventStreams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      service.close();
      fs.rmSync(uploadDir, { recursive: true, force: true });
    },
  };
}
