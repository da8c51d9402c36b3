// Makes the sample "scans" of the example and scaffold workspaces (developer tool, run by hand; the PDFs are
// committed): one A4 page per file, in Chinese, typeset by dossier itself (fonts embedded as subsets) — the
// file's name as its title and a note that it is a sample to be replaced by the real scan.
// Usage: npm run build && node scripts/make-sample-scans.mjs
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

function* pdfs(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) yield* pdfs(p);
    else if (name.endsWith('.pdf') && p.includes(`${path.sep}attachments${path.sep}`)) yield p;
  }
}

const files = [...pdfs(path.join(root, 'examples')), ...pdfs(path.join(root, 'scaffold'))].filter((f) => /Scanned document|示例扫描件/.test(execFileSync('pdftotext', [f, '-'], { encoding: 'utf8' })));
const ws = mkdtempSync(path.join(tmpdir(), 'sample-scans-'));
try {
  const cell = (s) => `"${s.replace(/"/g, '""')}"`;
  const rows = files.map((f, i) => {
    const folder = path.basename(path.dirname(f));
    // a case file's material (当事人-编号/询问笔录.pdf) says whose case it belongs to
    const owner = /^.+-\d{4}-\d+$/.test(folder) ? `${folder} 案卷材料` : '';
    return [`样${String(i + 1).padStart(2, '0')}`, path.basename(f, '.pdf'), owner].map(cell).join(',');
  });
  mkdirSync(path.join(ws, 'catalog'));
  mkdirSync(path.join(ws, 'templates'));
  mkdirSync(path.join(ws, 'data'));
  writeFileSync(path.join(ws, 'dossier.yaml'), 'unit: 澧源镇人民政府\nyear: 2025\ncatalog: catalog/c.yaml\nformats: [pdf]\npdfa: false\n');
  writeFileSync(path.join(ws, 'catalog/c.yaml'), 'name: 示例扫描件\nvolumes:\n  - code: SC\n    title: 示例扫描件\n    retention: 永久\n    items:\n      - { title: 示例扫描件, template: 示例, each: samples }\n');
  writeFileSync(path.join(ws, 'data/samples.csv'), `编号,题名,案卷\n${rows.join('\n')}\n`);
  writeFileSync(
    path.join(ws, 'templates/示例.md.hbs'),
    '---\ntitle: "{{row.题名}}"\n---\n{{#if row.案卷}}{{row.案卷}}\n\n{{/if}}（示例扫描件）\n\n这是案卷生成器自带的示例材料，用来演示扫描件怎样装订进案卷。实际使用时，请把真实文件扫描成 PDF 或 JPG，按同样的文件名放在这里替换它。\n',
  );
  execFileSync(process.execPath, [path.join(root, 'bin/dossier.js'), 'build', ws], { stdio: 'ignore' });
  const out = path.join(ws, 'out/2025/SC-示例扫描件');
  const made = readdirSync(out).filter((n) => n.endsWith('.pdf')).sort();
  if (made.length !== files.length) throw new Error(`made ${made.length} of ${files.length}`);
  files.forEach((f, i) => {
    copyFileSync(path.join(out, made[i]), f);
    console.log(path.relative(root, f));
  });
} finally {
  rmSync(ws, { recursive: true, force: true });
}
