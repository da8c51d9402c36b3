//! The 公文 elements of a Word file (GB/T 9704 §7), recognised from the document itself: a first line
//! ending in 文件 is the 版头, …〔YYYY〕N号 the 发文字号, the centred first paragraph(s) the 标题, a line
//! ending in ： after it the 主送, trailing right-aligned lines the 落款 (机关 and date), 抄送：/…印发 the
//! 版记. A settings table or a ---fenced block at the top sets any element explicitly. Works on template
//! text (tags included) and on received files alike; what it found is listed for `check --explain`.
import type { Diagnostic } from '../diag/diagnostic.js';
import { hasText, wordText, type WordBlock, type WordDoc, type WordPara, type WordTable } from '../workspace/readers/docx.js';

/** Where something is in a Word file (it has no lines): 第N段, or a table cell. */
export interface WordLoc {
  para?: number;
  table?: number;
  row?: number;
  col?: number;
  /** the start of its text, to find it */
  text?: string;
}

/** "第5段（“关于{{subject}}的通知”）" or "第1个表格第2行第3列" */
export function whereText(loc: WordLoc | undefined): string {
  if (!loc) return '';
  const excerpt = loc.text ? `（“${loc.text.length > 30 ? `${loc.text.slice(0, 30)}…` : loc.text}”）` : '';
  if (loc.table) return `第${loc.table}个表格${loc.row ? `第${loc.row}行` : ''}${loc.col ? `第${loc.col}列` : ''}${excerpt}`;
  if (loc.para) return `第${loc.para}段${excerpt}`;
  return excerpt ? `文中${excerpt}` : '';
}

export type ElementValue = string | boolean | string[] | number;

/** One 公文 element found (or set) in the Word file. */
export interface FoundElement {
  /** front-matter key: title, number, to, issuer, date, cc, … */
  key: string;
  value: ElementValue;
  loc?: WordLoc;
  /** how it was found, in Chinese (shown by check --explain) */
  how: string;
}

export interface Recognition {
  elements: FoundElement[];
  /** the body: what is left once the elements are taken out */
  body: WordBlock[];
  diagnostics: Diagnostic[];
}

/** Element names a clerk may write in the settings table or block, → front-matter keys. */
const KEY_NAMES: Record<string, string> = {
  公文种类: 'kind',
  文种: 'kind',
  种类: 'kind',
  发文机关: 'issuer',
  发文单位: 'issuer',
  发文字号: 'number',
  文号: 'number',
  标题: 'title',
  副标题: 'subtitle',
  主送: 'to',
  主送机关: 'to',
  成文日期: 'date',
  日期: 'date',
  抄送: 'cc',
  抄送机关: 'cc',
  印发机关: 'printer',
  印发日期: 'printDate',
  版头: 'header',
  版头文字: 'masthead',
  联合行文: 'masthead',
  签发人: 'signer',
  份号: 'copyNo',
  密级: 'secret',
  紧急程度: 'urgency',
  落款: 'signature',
  署名: 'signature',
  落款署名: 'signature',
  盖章: 'sealed',
  加盖印章: 'sealed',
  印章: 'sealed',
  附件: 'attachments',
  附件说明: 'attachments',
  附注: 'note',
  封面: 'cover',
  总分: 'total',
};
const ENGLISH_KEYS = new Set(['kind', 'issuer', 'number', 'title', 'subtitle', 'to', 'date', 'cc', 'printer', 'printDate', 'header', 'masthead', 'signer', 'copyNo', 'secret', 'urgency', 'signature', 'sealed', 'attachments', 'note', 'cover', 'total']);
/** Chinese name of each key, for messages and --explain. */
export const ELEMENT_NAMES: Record<string, string> = {
  kind: '公文种类',
  issuer: '发文机关',
  number: '发文字号',
  title: '标题',
  subtitle: '副标题',
  to: '主送机关',
  date: '成文日期',
  cc: '抄送',
  printer: '印发机关',
  printDate: '印发日期',
  header: '版头',
  masthead: '版头文字',
  signer: '签发人',
  copyNo: '份号',
  secret: '密级',
  urgency: '紧急程度',
  signature: '落款署名',
  sealed: '加盖印章',
  attachments: '附件说明',
  note: '附注',
  cover: '封面',
  total: '总分',
};
const BOOLEAN_KEYS = new Set(['header', 'sealed', 'cover']);
const YES = /^(?:是|有|要|需要|true|yes|y|√)$/i;
const NO = /^(?:否|无|没有|不|不要|false|no|n|×)$/i;

export function keyOf(name: string): string | undefined {
  const k = name.trim().replace(/[\s　]/g, '');
  if (ENGLISH_KEYS.has(k)) return k;
  return KEY_NAMES[k];
}

/** 公文 kinds a title may end with (GB/T 9704 and the documents a township files). */
const KINDS = ['实施意见', '实施方案', '工作方案', '工作总结', '工作要点', '工作安排', '工作计划', '通知', '通报', '意见', '决定', '报告', '请示', '批复', '函', '纪要', '方案', '总结', '计划', '安排', '责任书', '须知', '简介', '规定', '办法', '制度', '细则', '要点', '公告', '通告', '决议', '公报', '命令', '议案'];
const KIND_OF: Record<string, string> = { 实施意见: '意见', 实施方案: '方案', 工作方案: '方案', 工作总结: '总结', 工作要点: '要点', 工作安排: '安排', 工作计划: '计划' };

const TAGS = /\{\{[^}]*\}\}/g;
/** …〔2025〕38号, also typed with [ ] ( ) （ ） ［ ］ 【 】, the year possibly a tag */
const DOC_NUMBER = /^(.*?(?:[〔［\[﹝【(（]\s*(?:\d{4}|\{\{[^}]*\}\})\s*[〕］\]﹞】)）]).*?号)(?:[\s　]+签发人[：:]\s*(.+))?$/;
const DATE_TEXT = /^(?:(?:\d{4}|[〇○零一二三四五六七八九]{4}|\{\{[^}]*\}\})\s*年.*月.*日|\d{4}[-./]\d{1,2}[-./]\d{1,2}|\{\{[^}]*\}\})$/;
const PRINTED = /^(.+?)[\s　]+((?:\d{4}|\{\{[^}]*\}\}).*?日|\{\{[^}]*\}\})\s*印发$/;

const plain = (p: WordPara): string => wordText(p.content).replace(/\t/g, ' ').trim();
const isPara = (b: WordBlock | undefined): b is WordPara => b?.t === 'p';
const nonEmpty = (b: WordBlock): boolean => b.t === 'table' || hasText(b.content) || b.content.some((c) => c.t === 'page') || b.pageBreakBefore === true;
const locOf = (p: WordPara): WordLoc => ({ para: p.n, text: plain(p) });
const centred = (p: WordPara): boolean => p.align === 'center' || p.style === 'Title' || p.style === '标题' || p.style === 'Subtitle';
/** right-aligned, or pushed right with spaces as clerks do */
const rightish = (p: WordPara): boolean => p.align === 'right' || p.style === '落款' || /^[\s　]{6,}\S/.test(wordText(p.content).replace(/\t/g, '    '));

/** The kind of document a title names (…的通知 → 通知). */
export function kindOfTitle(title: string): string | undefined {
  const t = title.replace(TAGS, '').replace(/[《》“”\s]/g, '');
  for (const k of KINDS) if (t.endsWith(k)) return KIND_OF[k] ?? k;
  return undefined;
}

function parseValue(key: string, raw: string): ElementValue {
  const v = raw.trim();
  if (BOOLEAN_KEYS.has(key)) {
    if (YES.test(v)) return true;
    if (NO.test(v)) return false;
  }
  if (key === 'signature' && NO.test(v)) return false;
  if (key === 'total' && /^\d+(?:\.\d+)?$/.test(v)) return Number(v);
  if (key === 'masthead' && /[、，,；;\n]/.test(v)) return v.split(/[、，,；;\n]+/).map((s) => s.trim()).filter(Boolean);
  if (key === 'attachments') return v.split(/[；;\n]+/).map((s) => s.trim().replace(/^\d+[.．、]\s*/, '')).filter(Boolean);
  return v;
}

/** A settings table: every row "要素名 | 内容" with a known name. */
function settingsTable(t: WordTable, out: FoundElement[], diagnostics: Diagnostic[], file: string): boolean {
  const rows = t.rows.filter((r) => r.cells.some((c) => c.paras.some((p) => hasText(p.content))));
  if (rows.length === 0 || !rows.every((r) => r.cells.length >= 2 && keyOf(r.cells[0]?.paras.map(plain).join('') ?? '') !== undefined)) return false;
  t.rows.forEach((r, ri) => {
    const name = r.cells[0]?.paras.map(plain).join('') ?? '';
    const key = keyOf(name);
    if (!key) return;
    const text = (r.cells[1]?.paras ?? []).map(plain).filter(Boolean).join('\n');
    const loc: WordLoc = { table: t.n, row: ri + 1, col: 2, text };
    if (!text) {
      diagnostics.push({ severity: 'warning', code: 'word-setting-empty', file, message: `${whereText(loc)}：要素“${name}”没有填写内容，已忽略`, hint: '填上内容，或删去这一行。' });
      return;
    }
    out.push({ key, value: parseValue(key, text), loc, how: '开头的要素表' });
  });
  return true;
}

/** A ---fenced block at the top: "要素: 内容" lines. Returns how many blocks it took. */
function settingsFence(blocks: WordBlock[], start: number, out: FoundElement[], diagnostics: Diagnostic[], file: string): number {
  const fence = (b: WordBlock | undefined) => isPara(b) && /^(?:-{3,}|—{2,}|－{3,})$/.test(plain(b));
  if (!fence(blocks[start])) return 0;
  let end = start + 1;
  while (end < blocks.length && !fence(blocks[end])) end++;
  if (end >= blocks.length) {
    const first = blocks[start] as WordPara;
    diagnostics.push({ severity: 'error', code: 'word-settings-unclosed', file, message: `${whereText(locOf(first))}：开头的要素块以 --- 开始，但后面没有结束的 ---`, hint: '在要素块最后一行之后再写一行 ---。' });
    return 0;
  }
  for (const b of blocks.slice(start + 1, end)) {
    if (!isPara(b) || !hasText(b.content)) continue;
    for (const line of wordText(b.content).split('\n')) {
      const text = line.trim();
      if (!text || text.startsWith('#')) continue;
      const m = /^([^:：]+)[:：]\s*(.*)$/.exec(text);
      const loc: WordLoc = { para: b.n, text };
      const key = m ? keyOf(m[1] ?? '') : undefined;
      if (!m || !key) {
        diagnostics.push({
          severity: 'error',
          code: 'word-setting-unknown',
          file,
          message: `${whereText(loc)}：要素块中不认识“${m ? (m[1] ?? '').trim() : text}”`,
          hint: `每行写“要素：内容”，要素可以是：${Object.keys(KEY_NAMES).slice(0, 24).join('、')}。`,
        });
        continue;
      }
      const raw = (m[2] ?? '').trim().replace(/^["'“”](.*)["'“”]$/, '$1');
      if (!raw) continue;
      out.push({ key, value: parseValue(key, raw), loc, how: '开头的要素块' });
    }
  }
  return end - start + 1;
}

/** Recognise the 公文 elements; `file` names the Word file in messages. */
export function recognizeElements(doc: WordDoc, file: string): Recognition {
  const diagnostics: Diagnostic[] = [];
  const explicit: FoundElement[] = [];
  const found: FoundElement[] = [];
  const blocks = doc.blocks.filter(nonEmpty);
  let i = 0;

  // 1. explicit settings at the top
  const first = blocks[0];
  if (first?.t === 'table' && settingsTable(first, explicit, diagnostics, file)) i = 1;
  else i = settingsFence(blocks, 0, explicit, diagnostics, file);

  const take = (p: WordPara, key: string, value: ElementValue, how: string) => found.push({ key, value, loc: locOf(p), how });
  const at = (k: number): WordPara | undefined => (isPara(blocks[k]) ? (blocks[k] as WordPara) : undefined);

  // 2. the head: 版头, 发文字号, 标题, 主送
  let p = at(i);
  if (p && (p.style === '版头' || (plain(p).endsWith('文件') && plain(p).length <= 40 && !p.heading))) {
    const text = plain(p).split(/(\{\{[^}]*\}\})/).map((x, k) => (k % 2 ? x : x.replace(/\s+/g, ''))).join('');
    take(p, 'header', true, '第一行以“文件”结尾');
    take(p, 'masthead', text, '第一行以“文件”结尾');
    i++;
  }
  const docNumber = (q: WordPara | undefined, how: string): boolean => {
    const m = q && !q.heading ? DOC_NUMBER.exec(plain(q)) : null;
    if (!q || !m) return false;
    take(q, 'number', (m[1] ?? '').trim(), how);
    if (m[2]) take(q, 'signer', m[2].trim(), how);
    return true;
  };
  if (docNumber(at(i), '〔年份〕…号')) i++;
  const titleParts: WordPara[] = [];
  while (titleParts.length < 3 && (p = at(i)) && centred(p) && !p.heading && !p.numbering && !(titleParts.length && /^[（(].*[)）]$/.test(plain(p)))) {
    titleParts.push(p);
    i++;
  }
  if (titleParts.length) {
    const text = titleParts.map(plain).join('');
    found.push({ key: 'title', value: text, loc: locOf(titleParts[0] as WordPara), how: titleParts.length > 1 ? `居中的开头 ${titleParts.length} 段` : '居中的开头一段' });
    const kind = kindOfTitle(text);
    if (kind) found.push({ key: 'kind', value: kind, loc: locOf(titleParts[0] as WordPara), how: `标题以“${kind}”结尾` });
    p = at(i);
    if (p && centred(p) && /^[（(].*[)）]$/.test(plain(p))) {
      take(p, 'subtitle', plain(p), '标题下加括号的居中一段');
      i++;
    }
    if (!found.some((f) => f.key === 'number') && docNumber(at(i), '标题下的〔年份〕…号')) i++;
    p = at(i);
    // the 主送 is set flush left (GB/T 9704 7.3.2); a short line may be typed with the body's indent
    const toText = p ? plain(p) : '';
    if (p && !p.heading && /[:：]$/.test(toText) && !/[。；]|如下[:：]$/.test(toText) && (p.noIndent ? toText.length <= 80 : toText.replace(TAGS, '字').length <= 30)) {
      take(p, 'to', plain(p).replace(/[:：]$/, ''), '标题后以冒号结尾的一段');
      i++;
    }
  }

  // 3. the foot, from the end: 版记, 附注, 落款
  let j = blocks.length - 1;
  const colophon = (q: WordPara): boolean => {
    const text = plain(q);
    const cc = /^抄送(?:机关)?[:：]\s*(.+?)[。.]?$/.exec(text);
    if (cc) {
      take(q, 'cc', cc[1] ?? '', '以“抄送：”开头');
      return true;
    }
    const pr = PRINTED.exec(text);
    if (pr) {
      take(q, 'printer', (pr[1] ?? '').trim(), '“…印发”一行');
      take(q, 'printDate', (pr[2] ?? '').trim(), '“…印发”一行');
      return true;
    }
    return false;
  };
  while (j >= i) {
    const b = blocks[j] as WordBlock;
    if (isPara(b)) {
      if (!colophon(b)) break;
    } else {
      // the 版记 is often drawn as a table: every cell a 抄送 or 印发 line
      const paras = b.rows.flatMap((r) => r.cells.flatMap((c) => c.paras.filter((x) => hasText(x.content))));
      const isColophon = paras.length > 0 && paras.every((x) => /^抄送/.test(plain(x)) || PRINTED.test(plain(x)));
      if (!isColophon) break;
      paras.forEach((x, k) => {
        const before = found.length;
        colophon(x);
        for (const f of found.slice(before)) f.loc = { table: b.n, row: k + 1, text: plain(x) };
      });
    }
    j--;
  }
  p = at(j);
  if (p && j >= i && /^[（(].+[)）]$/.test(plain(p)) && !centred(p)) {
    const prev = at(j - 1);
    if (prev && rightish(prev) && DATE_TEXT.test(plain(prev))) {
      take(p, 'note', plain(p).replace(/^[（(]|[)）]$/g, ''), '成文日期下加括号的一段');
      j--;
    }
  }
  const sign: WordPara[] = [];
  while (j >= i && (p = at(j)) && rightish(p) && !p.heading && sign.length < 4) {
    sign.unshift(p);
    j--;
  }
  if (sign.length) {
    const last = sign[sign.length - 1] as WordPara;
    const lines = sign.flatMap((s) => wordText(s.content).split('\n').map((t) => ({ s, t: t.replace(/\t/g, ' ').trim() }))).filter((x) => x.t);
    const dateLine = lines[lines.length - 1];
    if (dateLine && DATE_TEXT.test(dateLine.t)) {
      found.push({ key: 'date', value: dateLine.t, loc: { para: dateLine.s.n, text: dateLine.t }, how: '结尾靠右的日期' });
      const issuers = lines.slice(0, -1).map((x) => x.t);
      if (issuers.length) found.push({ key: 'signature', value: issuers.join('　'), loc: { para: (sign[0] as WordPara).n, text: issuers.join('　') }, how: '结尾靠右、日期之上的署名' });
      else if (!found.some((f) => f.key === 'signature')) found.push({ key: 'signature', value: true, loc: locOf(last), how: '结尾靠右的日期（署名用发文机关）' });
    } else {
      // right-aligned lines without a date are body text (a 落款 always has its date)
      j += sign.length;
    }
  }
  // 附件说明 right before the 落款: "附件：1. …" and the lines under it
  const att: WordPara[] = [];
  for (let k = i; k <= j; k++) {
    const q = at(k);
    if (q && /^附件[:：]/.test(plain(q))) {
      for (let m = k; m <= j; m++) {
        const r = at(m);
        if (!r || (m > k && !/^\d+[.．、]/.test(plain(r)))) break;
        att.push(r);
      }
      if (k + att.length - 1 === j) {
        const items = att.map((q2, m) => (m === 0 ? plain(q2).replace(/^附件[:：]\s*/, '') : plain(q2)).replace(/^\d+[.．、]\s*/, '')).filter(Boolean);
        found.push({ key: 'attachments', value: items, loc: locOf(att[0] as WordPara), how: '落款前以“附件：”开头' });
        j = k - 1;
      } else att.length = 0;
      break;
    }
  }

  // explicit settings win over what was recognised; what was recognised still leaves the body
  const elements = [...explicit];
  for (const f of found) {
    if (f.key === 'signature' && f.value === true) {
      if (!explicit.some((e) => e.key === 'signature')) continue;
    }
    if (!explicit.some((e) => e.key === f.key)) elements.push(f);
  }
  if (explicit.some((e) => e.key === 'masthead') && !explicit.some((e) => e.key === 'header')) elements.push({ key: 'header', value: true, how: '写了版头文字' });
  const body = blocks.slice(i, j + 1);
  return { elements, body, diagnostics };
}
