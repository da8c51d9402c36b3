//! dossier init <新文件夹> --from <去年的工作区> [--year N]: next year's workspace from this year's. Copies the
//! settings (year set, 立卷时间 moved), catalog/, templates/ and data/; empties year-bound data (`yearly:` —
//! registers' rows, statistics' figures with 上年数 filled in, closed cases); carries what stays valid
//! (`carry:` items' files and data, cases still open with their folders); lists what it carried, what it
//! emptied and which kept files still say last year — on screen and in 年度交接清单.md.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { planBuild } from '../../plan/plan.js';
import { registerFile, type RegisterFile } from '../../plan/registers.js';
import type { PlannedCase } from '../../plan/types.js';
import { yearlyKeys, type CatalogItem } from '../../schema/catalog.js';
import { loadWorkspace } from '../../workspace/load.js';
import { UnitLayer, unitsOf, unitSpecOf } from '../../workspace/units.js';
import { csvHeader, csvOf, emptyCsv, emptyYaml, nextYearConfig, oldYearLines } from '../../workspace/next-year.js';
import type { Row } from '../../workspace/readers/cells.js';
import { pruneSheets } from '../../workspace/register-sheets.js';
import type { Workspace } from '../../workspace/types.js';
import { MSG } from '../messages.js';
import { printDiagnostics } from '../print.js';
import { UsageError } from '../usage-error.js';
import { attachmentFolders, writeGuide } from './init.js';

/** What the new workspace got, for the screen and 年度交接清单.md. */
export interface NextYearReport {
  from: number;
  to: number;
  /** `carry:` items and open cases: what came along */
  carried: string[];
  /** year-bound data emptied */
  emptied: string[];
  /** kept files that still say the old year */
  refresh: string[];
}

const CASE_CLOSED = '办结';

function itemName(vol: string, item: CatalogItem): string {
  return `${vol} ${item.title}`;
}

/** Line numbers as a clerk reads them: 第 5、12、20 行等 22 处. */
function linesText(lines: readonly number[]): string {
  const head = lines.slice(0, 5).join('、');
  return lines.length > 5 ? `第 ${head} 行等 ${lines.length} 处` : `第 ${head} 行`;
}

async function emptyData(ws: Workspace, target: string, rf: RegisterFile, keep?: Set<number>): Promise<string | undefined> {
  const rel = ws.dataFiles[rf.key];
  if (!rel) return undefined;
  const abs = path.join(target, rel);
  const bytes = new Uint8Array(readFileSync(abs));
  const ext = path.extname(rel).toLowerCase();
  if (ext === '.csv') {
    if (rf.sheet !== undefined) return undefined;
    const rows = ws.data[rf.key];
    if (keep?.size && Array.isArray(rows)) {
      const kept = (rows as Row[]).filter((_r, i) => keep.has(i));
      writeFileSync(abs, csvOf(csvHeader(bytes), kept));
      return `${rel}：删除 ${rows.length - kept.length} 行，保留 ${kept.length} 行，表头保留`;
    }
    const r = emptyCsv(bytes);
    writeFileSync(abs, r.bytes);
    return `${rel}：删除 ${r.rows} 行，表头保留`;
  }
  if (ext === '.xlsx') {
    const r = await pruneSheets(bytes, [rf.sheet ?? ''], (i) => keep?.has(i) ?? false);
    writeFileSync(abs, r.bytes);
    const where = rf.sheet === undefined ? rel : `${rel} 的“${rf.sheet}”工作表`;
    const n = r.removed.reduce((a, x) => a + x.rows, 0);
    return `${where}：删除 ${n} 行${keep?.size ? `，保留 ${keep.size} 行` : ''}，表头保留`;
  }
  if (ext === '.yaml' || ext === '.yml' || ext === '.json') {
    const r = emptyYaml(readFileSync(abs, 'utf8'), rf.sheet === undefined ? [] : rf.sheet.split('.'), ext === '.json');
    writeFileSync(abs, r.text);
    const where = rf.sheet === undefined ? rel : `${rel} 的 ${rf.sheet}`;
    if (r.items) return `${where}：删除 ${r.items} 条，保留结构`;
    return `${where}：数字和日期 ${r.figures} 处已清空${r.previous ? `，上年数（previous）${r.previous} 处已填入 ${ws.config.year} 年的数` : ''}，文字保留`;
  }
  return undefined;
}

function copyInto(fromDir: string, target: string, rel: string): void {
  const src = path.join(fromDir, rel);
  if (existsSync(src)) cpSync(src, path.join(target, rel), { recursive: true, filter: (p) => !path.basename(p).startsWith('~$') });
}

/** Where a kept data file or template still names the old year. */
function staleMentions(ws: Workspace, target: string, skip: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const year = ws.config.year;
  for (const [key, rel] of Object.entries(ws.dataFiles).sort(([a], [b]) => a.localeCompare(b))) {
    if (skip.has(key)) continue;
    let lines: number[] = [];
    if (/\.(ya?ml|json|csv)$/i.test(rel)) lines = oldYearLines(readFileSync(path.join(target, rel), 'utf8'), year, /\.ya?ml$/i.test(rel));
    else {
      const rows = ws.data[key];
      if (Array.isArray(rows)) rows.forEach((r, i) => (JSON.stringify(r).match(new RegExp(`(^|[^0-9])${year}([^0-9]|$)`)) ? lines.push(i + 2) : undefined));
    }
    if (lines.length) out.push(`${rel}：${linesText(lines)}仍写着 ${year} 年`);
  }
  const tdir = path.join(target, 'templates');
  if (existsSync(tdir))
    for (const f of readdirSync(tdir).filter((n) => n.endsWith('.md.hbs')).sort()) {
      const lines = oldYearLines(readFileSync(path.join(tdir, f), 'utf8'), year);
      if (lines.length) out.push(`templates/${f}：${linesText(lines)}直接写着 ${year} 年（宜改成 {{year}}）`);
    }
  return out;
}

/**
 * Each unit's catalog's `yearly:` data emptied in the new workspace — its own files (村/<村名>/data, 村/data)
 * and a township file that only its items use by year — and each unit's kept data and templates that still
 * name the old year, one line per unit.
 */
async function unitsNextYear(ws: Workspace, target: string, emptiedRel: Set<string>): Promise<{ emptied: string[]; refresh: string[] }> {
  const emptied: string[] = [];
  const refresh: string[] = [];
  const { spec, units } = unitsOf(ws);
  if (!spec) return { emptied, refresh };
  const layer = new UnitLayer(ws, spec);
  const year = ws.config.year;
  const keep = new Set<string>([ws.dataFiles[spec.each] ?? '']);
  for (const ref of units) {
    const { workspace: uws } = await layer.load(ref);
    if (!uws) continue;
    const kept = new Set<string>();
    for (const v of uws.catalog.volumes)
      for (const item of v.items) {
        if (item.carry) for (const k of [item.table, item.data, item.each]) if (k !== undefined) kept.add(uws.dataFiles[k.split('.')[0] ?? k] ?? '');
        for (const key of yearlyKeys(item)) {
          const rf = registerFile(uws, key);
          const rel = uws.dataFiles[rf.key];
          const id = `${rel ?? ''}|${rf.sheet ?? ''}`;
          if (!rel || keep.has(rel) || emptiedRel.has(rel) || emptiedRel.has(id)) continue;
          emptiedRel.add(rf.sheet === undefined ? rel : id);
          const line = await emptyData(uws, target, rf);
          if (line) emptied.push(`${line}（${ref.name} ${itemName(v.title, item)}）`);
        }
      }
    // what this unit keeps of its own that still says last year
    const own = [path.join(spec.folder, ref.name), spec.folder];
    const mentions: string[] = [];
    const files = Object.values(uws.dataFiles).filter((rel) => own.some((o) => path.dirname(rel) === `${o}/data`) && !emptiedRel.has(rel) && !kept.has(rel) && /\.(ya?ml|json|csv)$/i.test(rel));
    for (const rel of [...new Set(files)].sort()) {
      const n = oldYearLines(readFileSync(path.join(target, rel), 'utf8'), year, /\.ya?ml$/i.test(rel)).length;
      if (n) mentions.push(`${rel.slice(rel.lastIndexOf('/') + 1)} ${n} 处`);
    }
    const tdir = path.join(target, spec.folder, ref.name, 'templates');
    if (existsSync(tdir))
      for (const f of readdirSync(tdir).filter((n) => n.endsWith('.md.hbs')).sort()) {
        const n = oldYearLines(readFileSync(path.join(tdir, f), 'utf8'), year).length;
        if (n) mentions.push(`templates/${f} ${n} 处`);
      }
    if (mentions.length) refresh.push(`${spec.folder}/${ref.name}/：${mentions.join('、')}仍写着 ${year} 年`);
  }
  // the units' shared folder (村/data), once
  const shared = path.join(target, spec.folder, 'data');
  if (existsSync(shared)) {
    const mentions = readdirSync(shared).filter((f) => /\.(ya?ml|json|csv)$/i.test(f) && !emptiedRel.has(`${spec.folder}/data/${f}`)).sort().flatMap((f) => {
      const n = oldYearLines(readFileSync(path.join(shared, f), 'utf8'), year, /\.ya?ml$/i.test(f)).length;
      return n ? [`${f} ${n} 处`] : [];
    });
    if (mentions.length) refresh.push(`${spec.folder}/data/：${mentions.join('、')}仍写着 ${year} 年`);
  }
  return { emptied, refresh };
}

export async function initFrom(dir: string, from: string, yearArg?: string): Promise<number> {
  const target = path.resolve(dir);
  if (existsSync(target) && readdirSync(target).length > 0) {
    // a usage error (DESIGN §3: exit 2): the command named a folder it may not use
    process.stderr.write(`${MSG.usage}：${MSG.initExists(target)}\n${MSG.initHint}\n`);
    return 2;
  }
  const { workspace: ws, diagnostics } = await loadWorkspace(from);
  if (!ws) {
    printDiagnostics(diagnostics);
    process.stderr.write(`${MSG.fromInvalid(path.resolve(from))}\n`);
    return 1;
  }
  const to = yearArg === undefined ? ws.config.year + 1 : Number(yearArg);
  if (!Number.isInteger(to) || to < 1949 || to > 2100) throw new UsageError(MSG.badYear(String(yearArg)));
  const { plan } = planBuild(ws);
  const report: NextYearReport = { from: ws.config.year, to, carried: [], emptied: [], refresh: [] };

  mkdirSync(target, { recursive: true });
  writeFileSync(path.join(target, 'dossier.yaml'), nextYearConfig(readFileSync(path.join(ws.dir, 'dossier.yaml'), 'utf8'), ws.config.year, to));
  for (const rel of ['catalog', 'templates', 'data', '使用说明.md']) copyInto(ws.dir, target, rel);
  for (const f of attachmentFolders(ws.catalog)) mkdirSync(path.join(target, 'attachments', ...f.folder.split('/')), { recursive: true });
  // the villages' own folders (villages:, issue 19): their data, templates and settings, not their scans
  const units = unitSpecOf(ws.config);
  if (units && existsSync(path.join(ws.dir, units.folder))) {
    cpSync(path.join(ws.dir, units.folder), path.join(target, units.folder), { recursive: true, filter: (p) => !path.basename(p).startsWith('~$') && !path.relative(path.join(ws.dir, units.folder), p).split(path.sep).includes('attachments') });
    report.carried.push(`${units.folder}/：各${units.folder}自己的数据、模板和设置（扫描件不带入）`);
  }

  const carriedKeys = new Set<string>();
  const emptiedFiles = new Set<string>();
  const done = new Set<string>();
  const nothing: string[] = [];
  for (const v of ws.catalog.volumes) {
    const pv = plan.volumes.find((p) => p.code === v.code);
    for (const [ii, item] of v.items.entries()) {
      const planned = pv?.items.find((p) => p.index === ii);
      const docs = pv?.documents.filter((d) => d.itemIndex === ii) ?? [];
      const name = itemName(v.title, item);
      if (item.carry) {
        const files = docs.flatMap((d) => (d.kind === 'attachment' ? [d.file] : []));
        for (const f of files) copyInto(ws.dir, target, f);
        const keys = [item.table, item.data, item.each].flatMap((k) => (k === undefined ? [] : [k.split('.')[0] ?? k]));
        for (const k of keys) carriedKeys.add(k);
        const parts = [files.length ? `${files.length} 个文件` : '', ...keys.map((k) => ws.dataFiles[k] ?? '').filter(Boolean).map((f) => `${f} 原样保留`)].filter(Boolean);
        if (parts.length) report.carried.push(`${name}：${parts.join('，')}`);
        else nothing.push(item.title);
      }
      // case files: the cases still open (a part missing) come along, rows and folders; closed ones stay behind
      if (item.cases && planned?.cases) {
        const open = planned.cases.filter((c: PlannedCase) => c.missing.length > 0);
        for (const c of open) if (c.folder) copyInto(ws.dir, target, c.folder);
        if (open.length) report.carried.push(`${name}：${open.length} 案未${CASE_CLOSED}（缺材料），带入：${open.map((c) => c.label).join('、')}`);
        if (item.yearly && item.cases.data) {
          const keep = new Set(open.flatMap((c) => (c.rowIndex === undefined ? [] : [c.rowIndex - 1])));
          const rf = registerFile(ws, item.cases.data);
          const line = await emptyData(ws, target, rf, keep);
          done.add(item.cases.data);
          if (line) {
            report.emptied.push(`${line}（${name}，已${CASE_CLOSED}的案件）`);
            emptiedFiles.add(rf.key);
          }
        }
      }
      for (const key of yearlyKeys(item)) {
        if (done.has(key)) continue;
        done.add(key);
        const rf = registerFile(ws, key);
        const line = await emptyData(ws, target, rf);
        if (line) {
          report.emptied.push(`${line}（${name}）`);
          if (rf.sheet === undefined) emptiedFiles.add(rf.key);
        }
      }
    }
  }
  if (nothing.length) report.carried.push(`这 ${nothing.length} 项也会带入，但今年还没有材料：${nothing.join('、')}`);
  writeGuide(target, ws.catalog);
  report.refresh = staleMentions(ws, target, new Set([...carriedKeys, ...emptiedFiles]));
  // the units' (villages') year-bound data, by their own catalog, emptied too; their kept files listed (QA S3)
  if (units) {
    const emptiedRel = new Set([...emptiedFiles].map((k) => ws.dataFiles[k] ?? ''));
    const u = await unitsNextYear(ws, target, emptiedRel);
    report.emptied.push(...u.emptied);
    report.refresh.push(...u.refresh);
  }

  const text = nextYearText(report, target);
  writeFileSync(path.join(target, '年度交接清单.md'), `${text.markdown}\n`);
  process.stdout.write(`${text.screen}\n`);
  return 0;
}

function nextYearText(r: NextYearReport, target: string): { screen: string; markdown: string } {
  const sections: [string, string[], string][] = [
    ['带入下一年度（catalog 中 carry 的项，及未办结的案件）', r.carried, '（没有）'],
    ['已清空，本年度重新填写（catalog 中 yearly 的数据）', r.emptied, '（没有）'],
    [`需要更新（这些文件仍写着 ${r.from} 年）`, r.refresh, '（没有）'],
  ];
  const head = `已由 ${r.from} 年度工作区新建 ${r.to} 年度工作区：${target}`;
  const tail = '其余附件属于上一年度，没有带入；attachments/ 下的文件夹已建好。';
  const screen = [head, ...sections.flatMap(([t, lines, none]) => [`${t}：`, ...(lines.length ? lines : [none]).map((l) => `  ${l}`)]), tail, MSG.fromDone].join('\n');
  const markdown = [`# ${r.to} 年度交接清单`, '', head, '', ...sections.flatMap(([t, lines, none]) => [`## ${t}`, '', ...(lines.length ? lines.map((l) => `- ${l}`) : [none]), '']), tail].join('\n');
  return { screen, markdown };
}
