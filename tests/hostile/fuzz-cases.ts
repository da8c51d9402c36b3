// Fuzz cases (tests/hostile/fuzz-*.test.ts): seeded random mutations of a workspace's YAML, CSV and
// templates. Every case must end in success or a diagnostic report — never an uncaught exception, a stack
// trace or a hang. The 2,000 seeds are run as two files, which Vitest runs side by side.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { build, prepare } from '../../src/build/build.js';
import { catalogYaml, ITEM, zh } from '../helpers/fixtures.js';

const FILES: Record<string, string> = {
  'dossier.yaml': 'unit: 澧源镇人民政府\nfonds: "J012"\nyear: 2025\ncatalog: catalog/test.yaml\nformats: [pdf, docx]\ndate: 2025-12-30\n',
  'catalog/test.yaml': catalogYaml(zh(ITEM.notice, { ...ITEM.responsibility, data: 'targets', copies: ['镇人民政府执', '村民委员会执'] }, ITEM.staff)),
  'templates/通知.md.hbs': `---
kind: 通知
issuer: "{{unit}}"
header: true
number: 澧政发〔{{year}}〕3号
title: 关于调整{{unit.short}}领导小组的通知
to: 各村（居）委会
date: 2025-01-15
---
组长：{{data.groups.leader}}（{{data.groups.title}}）。

## 主要职责

### 负责全镇工作

出生率{{permille data.stats.births data.stats.population 2}}，符合政策生育率{{percent data.stats.inPolicy data.stats.births 1}}。

| 村名 | 人口 |
| --- | --- |
{{#each data.villages}}
| {{村名}} | {{人口}} |
{{/each}}
`,
  'templates/责任书.md.hbs': `---
kind: 责任书
title: "{{year}}年目标管理责任书"
cover: true
date: 2025-02-10
signature: false
---
{{row.村名}}人口{{row.人口}}人。

:::targets
{{#each indicators}}
- {{name}}达到{{value}}%以上（{{score}}分）
{{/each}}
:::

:::signatures
- 授书人：{{unit}}
- 立书人：{{row.村名}}村民委员会
:::
`,
  'data/villages.csv': '村名,人口\n青龙村,1536\n白岩村,1288\n茶园村,1102\n',
  'data/staff.csv': '姓名,职务\n王丽,主任\n张伟,统计员\n',
  'data/groups.yaml': 'leader: 谭志远\ntitle: 镇党委书记\n',
  'data/stats.yaml': 'population: 23122\nbirths: 216\ninPolicy: 196\n',
  'data/targets.yaml': 'indicators:\n  - name: 符合政策生育率\n    value: 90\n    score: 60\n  - name: 统计准确率\n    value: 100\n    score: 40\n',
};

const ALPHABET = ['{', '}', '{{', '}}', ':', '-', '\n', '\t', ' ', '"', "'", '#', '|', '*', '[', ']', ',', '0', '9', '—', '，', '。', '（', '）', '村', '\u0000', '\uFEFF', '🀄', '#', '&', '\\', '::', ':::', '---'];

/** mulberry32: a small seeded PRNG, so a failing case can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(text: string, r: () => number): string {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const chars = [...text];
  const at = Math.floor(r() * (chars.length + 1));
  const lines = text.split('\n');
  switch (Math.floor(r() * 7)) {
    case 0: // delete a range
      chars.splice(at, 1 + Math.floor(r() * 8));
      return chars.join('');
    case 1: // insert a hostile token
      chars.splice(at, 0, pick(ALPHABET));
      return chars.join('');
    case 2: {
      // duplicate a line
      const i = Math.floor(r() * lines.length);
      lines.splice(i, 0, lines[i] ?? '');
      return lines.join('\n');
    }
    case 3: {
      // swap two lines
      const i = Math.floor(r() * lines.length);
      const j = Math.floor(r() * lines.length);
      [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
      return lines.join('\n');
    }
    case 4: // truncate
      return chars.slice(0, at).join('');
    case 5: // indent or dedent a line
    {
      const i = Math.floor(r() * lines.length);
      lines[i] = r() < 0.5 ? `  ${lines[i] ?? ''}` : (lines[i] ?? '').replace(/^\s+/, '');
      return lines.join('\n');
    }
    default: // replace a character with a random one
      chars.splice(at, 1, pick(ALPHABET));
      return chars.join('');
  }
}

/** Runs seeds `from`…`to` (inclusive): how many built, how many reported errors (with a line, for most). */
export async function runFuzz(from: number, to: number): Promise<{ successes: number; failures: number; withLine: number }> {
    const started = performance.now();
    const dir = mkdtempSync(path.join(tmpdir(), 'dossier-fuzz-'));
    try {
    const writeAll = () => {
      for (const [rel, text] of Object.entries(FILES)) {
        mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        writeFileSync(path.join(dir, rel), text);
      }
    };
    writeAll();
    const baseline = await prepare(dir);
    expect(baseline.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);

    const names = Object.keys(FILES);
    let failures = 0;
    let successes = 0;
    let withLine = 0;
    for (let seed = from; seed <= to; seed++) {
      const r = rng(seed);
      const file = names[Math.floor(r() * names.length)] ?? 'dossier.yaml';
      let text = FILES[file] ?? '';
      const rounds = 1 + Math.floor(r() * 3);
      for (let k = 0; k < rounds; k++) text = mutate(text, r);
      writeFileSync(path.join(dir, file), text);
      try {
        // every 40th case goes all the way through layout and the writers
        const report = seed % 40 === 0 ? await build(dir) : await prepare(dir);
        for (const d of report.diagnostics) {
          expect(typeof d.message).toBe('string');
          expect(d.message).not.toMatch(/\n\s+at /);
        }
        if (report.ok) successes++;
        else {
          failures++;
          // the report says where: every error names a file of the workspace (most a line too)
          const errs = report.diagnostics.filter((d) => d.severity === 'error');
          expect(errs.length, `seed ${seed}`).toBeGreaterThan(0);
          for (const d of errs) expect(d.file, `seed ${seed}: ${d.message}`).toMatch(/^(dossier\.yaml|catalog\/|templates\/|data\/|<内置>)/);
          if (errs.every((d) => d.line !== undefined)) withLine++;
        }
      } catch (e) {
        throw new Error(`fuzz seed ${seed} (${file}) crashed: ${e instanceof Error ? e.stack : String(e)}\n--- mutated text ---\n${text}`);
      } finally {
        writeFileSync(path.join(dir, file), FILES[file] ?? '');
      }
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`fuzz: seeds ${from}–${to}, ${successes} built, ${failures} reported errors, ${seconds.toFixed(1)} s`);
    return { successes, failures, withLine };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
}
