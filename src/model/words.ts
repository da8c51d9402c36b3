//! Words of Chinese text for line breaking where breaks are rare and must fall between words (titles,
//! 主送, 落款 names, table cells): Intl.Segmenter's words, glued where a break would still cut a word —
//! runs of single characters (place and person names: 澧|源|镇), suffixes (委员|会, 责任|书), a short
//! domain lexicon (计划|生育), and unbreakable runs (dates, 文号, IDs, numbers with their unit).
//! Body text does not use this: it keeps the character grid and the kinsoku rules.

import { LINE_END_FORBIDDEN_CHARS, LINE_START_FORBIDDEN_CHARS } from '../standards/gbt15834.js';

/** Compounds the segmenter splits but a title must not (GB/T 9704 7.3.1 词意完整). Longest first is not needed. */
const LEXICON = [
  '人口和计划生育',
  '计划生育',
  '人口计生',
  '委员会',
  '村民委员会',
  '居民委员会',
  '人民政府',
  '领导小组',
  '工作领导小组',
  '实施意见',
  '实施方案',
  '考核方案',
  '工作要点',
  '工作总结',
  '工作安排',
  '工作计划',
  '目标管理',
  '责任目标',
  '目标责任书',
  '责任书',
  '流动人口',
  '流入人口',
  '流出人口',
  '育龄妇女',
  '进一步',
  '党支部',
  '计生办',
  '计生协会',
  '计划生育协会',
  '服务站',
  '奖励扶助',
  '特别扶助',
  '社会抚养费',
  '婚育新风',
  '关爱女孩',
  '综合治理',
  '三结合',
  '登记表',
  '登记册',
  '花名册',
  '明细表',
  '一览表',
  '统计表',
  '情况表',
  '身份证',
  '生育证',
  '办公室',
  '中共',
  '清理清查',
  '保管期限',
  '新农村',
  '新家庭',
  '示范村',
  '示范户',
  '违法生育',
  '工资',
  '信息员',
  '专干',
  '计生专干',
  '扶贫帮困',
  '会员活动日',
  '出生人口',
  '性别比',
  '抽样调查',
  '公民身份号码',
  '身份证号',
  '联系电话',
];
/** The lexicon by first character, longest words first (all in the Basic Multilingual Plane). */
const BY_FIRST = new Map<string, string[]>();
for (const w of [...LEXICON].sort((a, b) => b.length - a.length)) {
  const k = w.charAt(0);
  const list = BY_FIRST.get(k);
  if (list) list.push(w);
  else BY_FIRST.set(k, [w]);
}

/** Single characters that end the word before them (委员|会, 责任|书, 登记|表, 澧源|镇). */
const SUFFIXES = new Set(Array.from('会书表册卷镇村乡局办站组处科室所院校厅部委队社证费率制法案期县区市省人员者户号'));
/** Single characters that begin the word after them (各|村, 全|镇). */
const PREFIXES = new Set(Array.from('各全本'));

/** Runs never broken: dates, 文号/证号, numbers with a unit, Latin-digit codes (IDs, phone numbers, HY20250001). */
const UNBREAKABLE =
  /定期\d+年|\d{4}年(?:度|\d{1,2}(?:[-—～至]\d{1,2})?月(?:\d{1,2}日)?)|\d{4}-\d{1,2}(?:-\d{1,2})?|[\p{Script=Han}]{0,10}[〔[［(（]\d{4}[〕\]］)）]\d+号?|[A-Za-z0-9][A-Za-z0-9\-_./·:]*[A-Za-z0-9%‰]?(?:[%‰]|平方米|万元|[年月日号元人户个名次分岁项件页份天米亩组队栋楼])?/gu;

const HAN = /\p{Script=Han}/u;
const START_FORBIDDEN = new Set(Array.from(LINE_START_FORBIDDEN_CHARS));
const END_FORBIDDEN = new Set(Array.from(LINE_END_FORBIDDEN_CHARS));

let segmenter: Intl.Segmenter | undefined;
function segments(text: string): string[] {
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

const isHanWord = (s: string): boolean => [...s].every((c) => HAN.test(c));

/**
 * Break opportunities of `text`: `result[i]` is true when a line may break before code point `i`
 * (0 < i < length). Word boundaries only; the kinsoku rules are the caller's.
 */
export function wordBreaks(text: string): boolean[] {
  const hit = CACHE.get(text);
  if (hit) return hit;
  const out = computeBreaks(text);
  if (CACHE.size >= 4096) CACHE.clear();
  CACHE.set(text, out);
  return out;
}

/** Titles, cells and names repeat over a build (every village's 责任书): their breaks are worked out once. */
const CACHE = new Map<string, boolean[]>();

function computeBreaks(text: string): boolean[] {
  const n = [...text].length;
  const allowed = new Array<boolean>(n + 1).fill(false);
  // 1. the segmenter's words
  const words = segments(text);
  let at = 0;
  const starts: number[] = [];
  for (const w of words) {
    starts.push(at);
    at += [...w].length;
  }
  const glue = new Array<boolean>(n + 1).fill(false); // glue[i]: no break before i
  // 2. runs of single Han characters are names; suffixes and prefixes stick to their word
  for (let k = 0; k < words.length; k++) {
    const w = words[k] as string;
    const prev = words[k - 1];
    const next = words[k + 1];
    const single = [...w].length === 1 && HAN.test(w);
    if (single && prev !== undefined && [...prev].length === 1 && HAN.test(prev)) glue[starts[k] as number] = true;
    if (single && SUFFIXES.has(w) && prev !== undefined && isHanWord(prev)) glue[starts[k] as number] = true;
    if (single && PREFIXES.has(w) && next !== undefined && isHanWord(next)) glue[(starts[k] as number) + 1] = true;
  }
  for (const st of starts) if (st > 0 && !glue[st]) allowed[st] = true;
  // 3. lexicon words, matched longest first along the characters: no break inside, a break at their edges
  //    (the segmenter reads 信息员工资 as 信息|员工|资; the lexicon as 信息员|工资)
  const chars = [...text];
  const unit: number[] = [];
  for (let i = 0, u = 0; i < n; i++) {
    unit.push(u);
    u += (chars[i] as string).length;
  }
  for (let i = 0; i < n; ) {
    const list = BY_FIRST.get(chars[i] as string);
    const w = list?.find((x) => text.startsWith(x, unit[i] as number));
    if (!w) {
      i++;
      continue;
    }
    const len = w.length;
    for (let k = i + 1; k < i + len; k++) allowed[k] = false;
    if (i > 0 && HAN.test(chars[i - 1] ?? '')) allowed[i] = true;
    if (i + len < n && HAN.test(chars[i + len] ?? '')) allowed[i + len] = true;
    i += len;
  }
  // 4. unbreakable runs
  for (const m of text.matchAll(UNBREAKABLE)) {
    const from = [...text.slice(0, m.index)].length;
    const len = [...m[0]].length;
    for (let i = from + 1; i < from + len; i++) allowed[i] = false;
  }
  // 5. the kinsoku rules: a closing mark stays with the word before it, an opening one with the word after
  const all = [...text];
  for (let i = 1; i < n; i++) {
    if (START_FORBIDDEN.has(all[i] as string) || END_FORBIDDEN.has(all[i - 1] as string)) allowed[i] = false;
  }
  allowed[0] = false;
  allowed[n] = false;
  return allowed;
}

/** The words of `text` between its break opportunities. */
export function wordsOf(text: string): string[] {
  const chars = [...text];
  const breaks = wordBreaks(text);
  const out: string[] = [];
  let cur = '';
  chars.forEach((c, i) => {
    if (i > 0 && breaks[i]) {
      out.push(cur);
      cur = '';
    }
    cur += c;
  });
  if (cur) out.push(cur);
  return out;
}

/** Runs of a table cell that must stay on one line: the whole cell when it is a name-like short text
 *  (≤ 4 Han characters) or a single code, date or number; else its words. */
export function unbreakableRuns(text: string): string[] {
  const t = text.trim();
  if (t === '') return [];
  if ([...t].length <= 4 && [...t].every((c) => HAN.test(c))) return [t];
  const whole = new RegExp(`^(?:${UNBREAKABLE.source})$`, 'u');
  if (whole.test(t)) return [t];
  return wordsOf(t);
}
