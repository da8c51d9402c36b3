//! The page's Word-file routes (issue 18): the templates the catalog uses with what was recognised in the
//! Word ones, "下载 Word 模板" (the file itself, or a Markdown template written as Word), "上传修改后的模板"
//! (strict check first; the old file to 回收站/templates/), and what was recognised in each received file.
import type { HttpBindings } from '@hono/node-server';
import type { Context, Hono } from 'hono';
import { explainWordFiles, fileReceivedDocuments, replaceTemplate, templateDocx, templateEntries, unitTemplateUsage } from '../build/word-templates.js';
import { planBuild } from '../plan/plan.js';
import { loadWorkspace } from '../workspace/load.js';
import { MAX_UPLOAD_BYTES } from './uploads.js';

export interface WordRouteHooks {
  /** recompute the page state (after a template changed) */
  refresh(): Promise<void>;
  /** start a rebuild (when the page rebuilds on changes) */
  rebuild(): void;
  readBody(c: Context, limit: number): Promise<Uint8Array | 'too-big'>;
}

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function attachmentName(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function registerWordRoutes(app: Hono<{ Bindings: HttpBindings }>, dir: string, hooks: WordRouteHooks): void {
  // templates (with recognition of the Word ones) and received Word files (what was recognised in each)
  app.get('/api/word', async (c) => {
    const { workspace: ws } = await loadWorkspace(dir, { parseCache: true });
    if (!ws) return c.json({ ok: false, message: '工作区有错误，请先按页面上的提示修改', templates: [], received: [] }, 200);
    // received files are known once planned: the build loads them; here they are read the same way
    await fileReceivedDocuments(ws, planBuild(ws).plan);
    return c.json({ ok: true, templates: templateEntries(ws, await unitTemplateUsage(ws)), received: explainWordFiles(ws).filter((w) => w.received) });
  });

  app.get('/api/templates/:name/docx', async (c) => {
    const name = c.req.param('name');
    const { workspace: ws } = await loadWorkspace(dir, { parseCache: true });
    if (!ws) return c.json({ ok: false, message: '工作区有错误，请先按页面上的提示修改' }, 400);
    const r = await templateDocx(ws, name);
    if ('diagnostics' in r) return c.json({ ok: false, message: r.diagnostics.map((d) => d.message).join('；') }, 404);
    return c.body(r.bytes as unknown as ArrayBuffer, 200, { 'Content-Type': DOCX_TYPE, 'Content-Disposition': attachmentName(`${name}.docx`), 'Content-Length': String(r.bytes.length) });
  });

  app.put('/api/templates/:name', async (c) => {
    const name = c.req.param('name');
    const declared = Number(c.req.header('content-length') ?? '0');
    if (declared > MAX_UPLOAD_BYTES) return c.json({ ok: false, message: `文件太大（上限 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB）` }, 413);
    const data = await hooks.readBody(c, MAX_UPLOAD_BYTES);
    if (data === 'too-big') return c.json({ ok: false, message: `文件太大（上限 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB）` }, 413);
    const r = await replaceTemplate(dir, name, data);
    const messages = r.diagnostics.map((d) => ({ severity: d.severity, message: d.message, ...(d.hint ? { hint: d.hint } : {}) }));
    if (!r.ok) return c.json({ ok: false, message: '模板没有替换：检查发现下面的问题，原来的模板保持不变', messages }, 422);
    await hooks.refresh();
    hooks.rebuild();
    const moved = r.recycled.length ? `，原来的模板已移到 ${r.recycled.join('、')}` : '';
    return c.json({ ok: true, message: `已换成新模板 ${r.written ?? ''}${moved}`, messages, recycled: r.recycled }, 200);
  });
}
