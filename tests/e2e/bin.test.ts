//! The installed entry point, `node bin/dossier.js`, as a clerk runs it: the CommonJS bundle with V8's
//! code cache (bin/dossier.js), on a workspace whose register comes from an Excel file — the one data
//! format loaded lazily (exceljs), which a vm.Script cannot import() — built twice: the second build
//! runs from the code cache and reuses every document.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { BASE_DOSSIER, catalogWith, cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';
import { needs, skipWithout } from '../helpers/ci.js';

afterAll(cleanupWorkspaces);

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'dossier.js');
const BUNDLE = path.join(ROOT, 'dist', 'bundle', 'dossier.cjs');

async function xlsx(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.addRow(['姓名', '职务', '电话']);
  ws.addRow(['王丽', '计生办主任', '0736-5123456']);
  ws.addRow(['李明', '统计员', '0736-5123457']);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe.skipIf(skipWithout(`the bundle ${BUNDLE} (npm run build)`, existsSync(BUNDLE)))('node bin/dossier.js (bundle and code cache)', () => {
  needs(`the bundle ${BUNDLE}（npm run build）`, existsSync(BUNDLE));
  it('builds a workspace with an Excel register, then rebuilds nothing', async () => {
    const dir = makeWorkspace({
      'dossier.yaml': `${BASE_DOSSIER}formats: [pdf, docx]\n`,
      'catalog/test.yaml': catalogWith('      - title: 计生办干部花名册\n        table: staff\n'),
      'data/staff.xlsx': await xlsx(),
    });
    const run = () => spawnSync(process.execPath, [BIN, 'build', dir], { encoding: 'utf8', env: { ...process.env, DOSSIER_DEBUG: '1' } });
    const first = run();
    expect(first.stderr).not.toContain('内部出错');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('重新生成 1 份');
    expect(existsSync(path.join(dir, 'out/2025/ZH-综合资料卷/01-计生办干部花名册.pdf'))).toBe(true);
    // the first build leaves the code cache for the next start
    expect(readdirSync(path.dirname(BUNDLE)).some((n) => n.endsWith('.v8cache'))).toBe(true);
    const second = run();
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('重新生成 0 份，沿用上次结果 1 份');
  }, 60_000);
});
