//! dossier serve: a local web page (127.0.0.1 only) over a workspace — volumes and their 缺件 status,
//! uploads into attach folders, previews, incremental rebuilds with live progress, the year's zip.
//! Every request passes the gate in security.ts; files are served from out/ and attachments/ only.
import { createReadStream, existsSync, realpathSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import { serve, type HttpBindings } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';
import type { buildWithUnits } from './runner.js';
import { watchWorkspace, type WorkspaceWatcher } from '../build/watch.js';
import { loadWorkspace } from '../workspace/load.js';
import { builtinText } from '../util/builtin-files.js';
import { isInside } from '../workspace/paths.js';
import { EventHub } from './hub.js';
import { BuildRunner, type BuildStatus, type RunnerEvent } from './runner.js';
import { checkRequest, cookieName, newToken } from './security.js';
import { dossierView, loadUnitWorkspace, type DossierView } from './state.js';
import { MAX_UPLOAD_BYTES, removeAttachment, saveUpload } from './uploads.js';
import { registerWordRoutes } from './word-routes.js';

export interface ServeOptions {
  /** 0 = any free port */
  port?: number;
  /** build once when the server starts (default true) */
  buildOnStart?: boolean;
  /** rebuild when an input changes on disk or a file is uploaded (default true) */
  autoBuild?: boolean;
  /** fixed token (tests); random otherwise */
  token?: string;
  /** the build function (tests may slow it down) */
  buildFn?: typeof buildWithUnits;
  /** told of every build's progress and outcome too (dossier.exe's console window) */
  onBuild?: (e: RunnerEvent) => void;
}

export interface RunningServer {
  /** the first URL, with the token */
  url: string;
  origin: string;
  port: number;
  token: string;
  runner: BuildRunner;
  /** resolves once the page state has been recomputed after the latest change */
  settled(): Promise<void>;
  /** stops watching and serving; by default after the running build has finished */
  close(opts?: { waitForBuild?: boolean }): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.zip': 'application/zip',
  '.html': 'text/html; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

/** A percent-encoded header value (file names travel encoded), or undefined when missing or malformed. */
function decodedHeader(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function refusal(c: Context, status: 400 | 401 | 403 | 404 | 413 | 415, message: string): Response {
  return c.json({ ok: false, message }, status);
}

async function readLimited(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array | 'too-big'> {
  if (!body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return 'too-big';
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

export async function startServer(dirArg: string, opts: ServeOptions = {}): Promise<RunningServer> {
  const dir = path.resolve(dirArg);
  const token = opts.token ?? newToken();
  const hub = new EventHub();
  let port = 0;
  let view: DossierView = { dir, volumes: [], messages: [], progress: 0, progressText: '0%' };

  const runner = new BuildRunner(
    dir,
    (e) => {
      hub.send('progress', e.status);
      if (e.type === 'finished') void refresh();
      opts.onBuild?.(e);
    },
    opts.buildFn,
  );

  // the page state: recomputed after every change and build, one computation at a time
  let computing: Promise<void> | undefined;
  let dirty = false;
  const refresh = (): Promise<void> => {
    if (computing) {
      dirty = true;
      return computing;
    }
    computing = (async () => {
      do {
        dirty = false;
        try {
          view = await dossierView(dir, runner.diagnostics);
        } catch (e) {
          view = { ...view, messages: [{ severity: 'error', message: `读取工作区时出错：${e instanceof Error ? e.message : String(e)}` }] };
        }
        hub.send('state', { view, build: runner.status });
      } while (dirty);
    })().finally(() => {
      computing = undefined;
    });
    return computing;
  };
  const snapshot = (): { view: DossierView; build: BuildStatus } => ({ view, build: runner.status });

  const app = new Hono<{ Bindings: HttpBindings }>();

  // the gate: Host, Origin, token — before anything else
  app.use('*', async (c, next) => {
    const verdict = checkRequest(
      {
        method: c.req.method,
        // the raw header: the adapter fills in a default when it is missing
        host: c.env.incoming.headers.host,
        origin: c.req.header('origin'),
        fetchSite: c.req.header('sec-fetch-site'),
        cookieToken: getCookie(c, cookieName(port)),
        queryToken: c.req.query('token'),
        headerToken: c.req.header('x-dossier-token'),
      },
      { token, port },
    );
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cache-Control', 'no-store');
    c.header('X-Frame-Options', 'DENY');
    if (!verdict.ok) {
      if (c.req.method === 'GET' && !c.req.path.startsWith('/api/')) return c.html(`<!doctype html><meta charset="utf-8"><title>拒绝访问</title><p style="font:16px sans-serif;margin:3em">${verdict.reason}</p>`, verdict.status);
      return c.json({ ok: false, message: verdict.reason }, verdict.status);
    }
    if (verdict.viaQuery) {
      setCookie(c, cookieName(port), token, { httpOnly: true, sameSite: 'Strict', path: '/' });
      // the token leaves the address bar (and the history) once it is in the cookie
      if (c.req.method === 'GET' && c.req.path === '/') return c.redirect('/', 303);
    }
    await next();
  });

  const clientFile = (name: string, type: string) => (c: Context<{ Bindings: HttpBindings }>) => {
    // the client (web/index.html, app.js, style.css): from the package folder, or dossier.exe's assets
    const body = builtinText(`web/${name}`) ?? '';
    c.header('Content-Security-Policy', PAGE_CSP);
    return c.body(body, 200, { 'Content-Type': type });
  };
  app.get('/', clientFile('index.html', 'text/html; charset=utf-8'));
  app.get('/app.js', clientFile('app.js', 'text/javascript; charset=utf-8'));
  app.get('/style.css', clientFile('style.css', 'text/css; charset=utf-8'));

  app.get('/api/state', async (c) => {
    // a unit's page (a village of the township): computed when asked for
    const unit = c.req.query('unit');
    if (unit) return c.json({ view: await dossierView(dir, runner.diagnostics, unit), build: runner.status });
    return c.json(snapshot());
  });

  app.get('/api/events', (c) =>
    streamSSE(c, async (stream) => {
      const off = hub.add((e) => void stream.writeSSE(e).catch(() => undefined));
      stream.onAbort(() => {
        off();
      });
      await stream.writeSSE({ event: 'state', data: JSON.stringify(snapshot()) });
      while (!stream.aborted && !stream.closed) {
        await stream.sleep(15_000);
        if (!stream.aborted) await stream.write(': 保持连接\n\n').catch(() => undefined);
      }
      off();
    }),
  );

  app.post('/api/build', (c) => {
    void runner.request();
    return c.json({ ok: true, message: '已开始重新生成' }, 202);
  });

  app.put('/api/upload/:volume/:item', async (c) => {
    const name = decodedHeader(c.req.header('x-file-name'));
    if (name === undefined) return refusal(c, 400, '缺少文件名，或文件名编码不正确');
    const declared = Number(c.req.header('content-length') ?? '0');
    if (declared > MAX_UPLOAD_BYTES) return refusal(c, 413, `文件太大（上限 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB）`);
    const unit = c.req.query('unit');
    const ws = unit ? (await loadUnitWorkspace(dir, unit))?.loaded.workspace : (await loadWorkspace(dir, { parseCache: true })).workspace;
    if (!ws) return refusal(c, 400, '工作区有错误，暂时不能上传；请先按页面上的提示修改');
    const item = ws.catalog.volumes.find((v) => v.code === c.req.param('volume'))?.items[Number(c.req.param('item'))];
    if (!item || item.attach === undefined) return refusal(c, 404, '没有这一项归档材料');
    const data = await readLimited(c.req.raw.body, MAX_UPLOAD_BYTES);
    if (data === 'too-big') return refusal(c, 413, `文件太大（上限 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB）`);
    const saved = saveUpload(ws.dir, ws.attachmentsDir, item, name, data);
    if (!saved.ok) return refusal(c, saved.status, saved.message);
    await refresh();
    if (opts.autoBuild !== false) void runner.request();
    return c.json({ ok: true, file: saved.file, message: `已保存到 ${saved.file}` }, 201);
  });

  // 移除: an attached scan is moved to the workspace's 回收站/ (never deleted), then the volume is rebuilt
  app.post('/api/remove', async (c) => {
    const relPath = decodedHeader(c.req.header('x-file'));
    if (relPath === undefined) return refusal(c, 400, '缺少文件名，或文件名编码不正确');
    const unit = c.req.query('unit');
    const attachments = unit ? (await loadUnitWorkspace(dir, unit))?.loaded.workspace?.attachmentsDir : path.join(dir, 'attachments');
    if (!attachments) return refusal(c, 404, `没有名为“${unit ?? ''}”的单位，或它的设置有错误`);
    const moved = removeAttachment(dir, attachments, relPath);
    if (!moved.ok) return refusal(c, moved.status, moved.message);
    await refresh();
    if (opts.autoBuild !== false) void runner.request();
    return c.json({ ok: true, file: moved.file, movedTo: moved.movedTo, message: `已移到 ${moved.movedTo}` });
  });

  // Word templates and received Word files (issue 18): src/serve/word-routes.ts
  registerWordRoutes(app, dir, {
    refresh,
    rebuild: () => {
      if (opts.autoBuild !== false) void runner.request();
    },
    readBody: (c, limit) => readLimited(c.req.raw.body, limit),
  });

  // generated files and attachments, read-only; nothing else of the workspace (nor outside it)
  app.get('/files/*', (c) => {
    const raw = c.req.path.slice('/files/'.length);
    let relPath: string;
    try {
      relPath = raw.split('/').map(decodeURIComponent).join('/');
    } catch {
      return refusal(c, 400, '地址不正确');
    }
    const abs = path.resolve(dir, relPath);
    const allowed = [path.join(dir, 'out'), path.join(dir, 'attachments')];
    // the units' attachments: <村>/<村名>/attachments/… (a county: <乡镇>/<名>/<村>/<村名>/attachments/…)
    const folder = view.unitsFolder;
    const unitAttachment = folder !== undefined && relPath.startsWith(`${folder}/`) && /^(?:[^/]+\/[^/]+\/)+attachments\/[^/]/.test(relPath);
    if (relPath.split('/').includes('..') || !(unitAttachment || allowed.some((root) => isInside(root, abs))) || abs.includes(`${path.sep}.dossier`)) return refusal(c, 403, '只能查看生成的文件和归档材料');
    if (!existsSync(abs) || !statSync(abs).isFile()) return refusal(c, 404, '文件不存在（可能还没有生成）');
    if (!isInside(realpathSync(dir), realpathSync(abs))) return refusal(c, 403, '文件指向工作区以外，已拒绝');
    const ext = path.extname(abs).toLowerCase();
    const type = CONTENT_TYPES[ext] ?? 'application/octet-stream';
    const inline = ['.pdf', '.png', '.jpg', '.jpeg', '.html', '.md'].includes(ext);
    if (ext === '.html') c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:");
    const st = statSync(abs);
    return c.body(Readable.toWeb(createReadStream(abs)) as ReadableStream, 200, {
      'Content-Type': type,
      'Content-Length': String(st.size),
      'Content-Disposition': contentDisposition(inline ? 'inline' : 'attachment', path.basename(abs)),
    });
  });

  // 下载全部: the zip of the last build; builds first when none exists yet
  app.get('/download', async (c) => {
    await runner.idle();
    if (!view.zip) {
      await runner.request();
      await refresh();
    }
    if (!view.zip) return refusal(c, 404, '还没有可下载的压缩包：生成失败，请先按页面上的提示修改');
    return c.redirect(view.zip, 303);
  });

  app.notFound((c) => refusal(c, 404, '没有这个页面'));
  app.onError((e, c) => c.json({ ok: false, message: `程序内部出错：${e.message}` }, 500));

  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: opts.port ?? 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      port = info.port;
      resolve(s as Server);
    }) as Server;
    s.once('error', reject);
  });

  await refresh();
  let watcher: WorkspaceWatcher | undefined;
  try {
    watcher = watchWorkspace(dir, () => {
      void refresh();
      if (opts.autoBuild !== false) void runner.request();
    });
  } catch {
    watcher = undefined; // a folder that cannot be watched still serves; the page refreshes after builds
  }
  if (opts.buildOnStart !== false) void runner.request();

  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    runner,
    settled: async () => {
      await runner.idle();
      await (computing ?? Promise.resolve());
    },
    close: async ({ waitForBuild = true } = {}) => {
      watcher?.close();
      if (waitForBuild) {
        await runner.idle();
        await (computing ?? Promise.resolve());
      }
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
