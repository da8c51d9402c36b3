// dossier serve in a real browser (Debian's Chromium through playwright-core): open with the token, see the
// example's volumes, upload a PDF into a missing item and watch it turn present after the rebuild, remove it
// again (to 回收站/), open a preview, download the zip. SERVE_SCREENSHOTS=<folder> also saves the README screenshots there.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/serve/server.js';
import type { DossierView } from '../../src/serve/state.js';
import { tinyPdf } from './http.js';
import { needs, skipWithout } from '../helpers/ci.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/澧源镇');
const SHOTS = process.env['SERVE_SCREENSHOTS'];

let tmp: string;
let dir: string;
let srv: RunningServer;
let browser: Browser;
let page: Page;

async function state(): Promise<DossierView> {
  const r = await fetch(`${srv.origin}/api/state`, { headers: { 'x-dossier-token': srv.token } });
  return ((await r.json()) as { view: DossierView }).view;
}

describe.skipIf(skipWithout(`Chromium（${CHROMIUM}）`, existsSync(CHROMIUM)))('dossier serve in Chromium', () => {
  needs(`Chromium（${CHROMIUM}）`, existsSync(CHROMIUM));
  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'dossier-serve-'));
    dir = path.join(tmp, '澧源镇');
    // the example workspace without its outputs; PDF only, to keep the test short
    cpSync(EXAMPLE, dir, { recursive: true, filter: (src) => !src.startsWith(path.join(EXAMPLE, 'out')) });
    const yaml = path.join(dir, 'dossier.yaml');
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace(/^formats:.*$/m, 'formats: [pdf]'));
    // two of the villages (their dossiers are built with the township's): enough for the page's 各村 list
    const villages = path.join(dir, 'data/villages.csv');
    writeFileSync(villages, `${readFileSync(villages, 'utf8').split('\n').slice(0, 3).join('\n')}\n`);
    srv = await startServer(dir, { port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true, locale: 'zh-CN' });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await srv?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('opens with the token and shows every volume of the example', async () => {
    const res = await page.goto(srv.url);
    expect(res?.status()).toBe(200);
    expect(new URL(page.url()).search).toBe(''); // the token left the address bar
    await expect.poll(() => page.locator('.card').count()).toBe(13); // 11 catalog volumes, two of them split by 保管期限
    await expect.poll(() => page.locator('#title').textContent()).toBe('澧源镇人民政府 · 2025 年度案卷');
    const zh = page.locator('.card[data-volume="ZH"]');
    expect(await zh.locator('h2').textContent()).toContain('综合资料卷');
    expect(await zh.locator('.count').textContent()).toMatch(/^必备 \d+\/\d+ 齐全$/);
    // the first build (started with the server) finishes; 页数 and the bound PDF link appear
    await expect.poll(() => page.locator('#build-text').textContent(), { timeout: 50_000 }).toMatch(/^已生成/);
    await expect.poll(() => zh.locator('a.preview').count()).toBe(1);
    expect(Number(await zh.locator('.pages').textContent())).toBeGreaterThan(10);
    if (SHOTS) {
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, 'serve-main.png') });
    }
  }, 60_000);

  it('uploads a PDF into a missing item, which turns present after the rebuild', async () => {
    const before = await state();
    const zh = before.volumes.find((v) => v.code === 'ZH');
    const item = zh?.items.find((i) => i.source === 'attach' && i.status === 'missing');
    expect(item, 'the example has a missing attach item in 综合资料卷').toBeDefined();
    if (!zh || !item) return;
    await page.click('.card[data-volume="ZH"] >> text=查看与补充');
    await page.waitForSelector('table.items');
    const row = page.locator(`tr[data-item="${item.index}"]`);
    expect(await row.locator('.badge').textContent()).toBe('缺');
    if (SHOTS) {
      await page.check('text=只看缺的材料');
      await page.screenshot({ path: path.join(SHOTS, 'serve-volume.png') });
      await page.uncheck('text=只看缺的材料');
    }

    const scan = path.join(tmp, '乡镇计生工作会议记录.pdf');
    writeFileSync(scan, await tinyPdf('minutes'));
    await row.locator('input[type=file]').setInputFiles(scan);
    await expect.poll(() => row.locator('.upload-msg').textContent(), { timeout: 10_000 }).toContain('已保存到');
    await expect.poll(() => page.locator(`tr[data-item="${item.index}"] .badge`).textContent(), { timeout: 10_000 }).toBe('齐全');
    expect(existsSync(path.join(dir, `${item.uploadTo}乡镇计生工作会议记录.pdf`))).toBe(true);
    // the rebuild (requested by the upload) runs and finishes; the volume now counts one more 件
    await srv.settled();
    await expect.poll(() => page.locator('#build-text').textContent(), { timeout: 50_000 }).toMatch(/^已生成：重新生成/);
    const after = (await state()).volumes.find((v) => v.code === 'ZH');
    expect(after?.documents).toBe(zh.documents + 1);
    expect(after?.present).toBe(zh.present + 1);
    await expect.poll(() => page.locator('.volume-head .facts b').nth(1).textContent()).toBe(String(zh.documents + 1));

    // 移除 (after confirming) moves the scan to 回收站/; the item is missing again after the rebuild
    page.once('dialog', (d) => void d.accept());
    await row.locator('button.remove').click();
    await expect.poll(() => row.locator('.upload-msg').textContent(), { timeout: 10_000 }).toContain('已移到 回收站/');
    await expect.poll(() => page.locator(`tr[data-item="${item.index}"] .badge`).textContent(), { timeout: 10_000 }).toBe('缺');
    expect(existsSync(path.join(dir, `${item.uploadTo}乡镇计生工作会议记录.pdf`))).toBe(false);
    expect(existsSync(path.join(dir, `回收站/${(item.uploadTo ?? '').replace(/^attachments\//, '')}乡镇计生工作会议记录.pdf`))).toBe(true);
    await srv.settled();
    await expect.poll(async () => (await state()).volumes.find((v) => v.code === 'ZH')?.documents, { timeout: 50_000 }).toBe(zh.documents);
  }, 90_000);

  it('lists the villages with their completeness and opens one', async () => {
    await page.click('text=← 全部案卷');
    const rows = page.locator('table.units tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).locator('td').nth(1).textContent()).toBe('澧源镇青龙村村民委员会');
    expect(await rows.nth(0).locator('.count').textContent()).toMatch(/^\d+\/\d+ 齐全，\d+%$/);
    await rows.nth(1).locator('text=查看').click();
    await expect.poll(() => page.locator('#title').textContent()).toBe('澧源镇白岩村村民委员会 · 2025 年度案卷');
    await expect.poll(() => page.locator('.card').count()).toBeGreaterThan(5);
    expect(await page.locator('a.back').textContent()).toBe('← 澧源镇人民政府');
    // its volume page: the upload folder is the village's own
    await page.locator('.card[data-volume="ZH"] >> text=查看与补充').click();
    await page.waitForSelector('table.items');
    expect(await page.locator('.drop .folder').first().textContent()).toMatch(/^→ 村\/白岩村\/attachments\//);
    await page.goto(`${srv.origin}/#/`);
    await expect.poll(() => page.locator('#title').textContent()).toBe('澧源镇人民政府 · 2025 年度案卷');
  }, 60_000);

  it('previews a generated PDF in the browser’s own viewer', async () => {
    await page.click('.card[data-volume="ZH"] >> text=查看与补充');
    await page.waitForSelector('table.items');
    const link = page.locator('.volume-head a.preview').first();
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/files\/out\/2025\//);
    expect(await link.getAttribute('target')).toBe('_blank');
    const [popup] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await popup.waitForLoadState('domcontentloaded').catch(() => undefined);
    expect(decodeURIComponent(popup.url())).toContain('/files/out/2025/ZH-综合资料卷.pdf');
    const res = await page.request.get(`${srv.origin}${href as string}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    expect(res.headers()['content-disposition']).toMatch(/^inline/);
    expect((await res.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await popup.close();
  }, 30_000);

  it('downloads the year’s zip', async () => {
    await page.click('text=← 全部案卷');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    expect(download.suggestedFilename()).toBe('澧源镇人民政府-2025.zip');
    const file = path.join(tmp, 'all.zip');
    await download.saveAs(file);
    const zip = await JSZip.loadAsync(readFileSync(file));
    const names = Object.keys(zip.files);
    expect(names).toContain('ZH-综合资料卷.pdf');
    expect(names).toContain('案卷目录.pdf');
    // the bound volume in the zip is the one rebuilt after the upload
    const bound = await zip.file('ZH-综合资料卷.pdf')?.async('uint8array');
    expect(Buffer.from(bound ?? new Uint8Array()).equals(readFileSync(path.join(dir, 'out/2025/ZH-综合资料卷.pdf')))).toBe(true);
  }, 30_000);
});
