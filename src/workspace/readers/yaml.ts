//! YAML reader: parses text with the `yaml` package, collects every syntax error with line/column,
//! and can locate any path of the parsed value back to its line (for schema errors).
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Diagnostic } from '../../diag/diagnostic.js';
import type { Position } from '../../schema/issues.js';
import type { ParseCache } from '../parse-cache.js';

export type { Position } from '../../schema/issues.js';

export interface YamlResult {
  value: unknown;
  diagnostics: Diagnostic[];
  /** position of the node at `path`; `key: true` gives the key's position (for unknown keys) */
  locate(path: readonly (string | number)[], key?: boolean): Position | undefined;
  /** sha256 of the text (read through the parse cache) */
  sha?: string;
}

const YAML_CODES: Record<string, string> = {
  DUPLICATE_KEY: '同一层级出现了重复的键',
  TAB_AS_INDENT: '用 Tab 键缩进了（YAML 只能用空格缩进）',
  BAD_INDENT: '缩进不对齐',
  MISSING_CHAR: '缺少必要的符号（例如列表项前的“- ”或键后的“: ”）',
  BLOCK_AS_IMPLICIT_KEY: '键的写法不对（可能少了冒号或缩进错误）',
  MULTILINE_IMPLICIT_KEY: '键不能跨行（可能少了冒号、引号没有闭合或缩进错误）',
  UNEXPECTED_TOKEN: '出现了意外的符号',
  BAD_DQ_ESCAPE: '双引号字符串中的转义写错了',
  MISSING_QUOTE: '引号没有闭合',
  TAG_RESOLVE_FAILED: '无法识别的类型标记',
  BAD_SCALAR_START: '值的开头字符不合法（以 @ 或 ` 开头的值请加引号）',
  IMPOSSIBLE: '无法解析的内容',
};

const YAML_HINTS: Record<string, string> = {
  MISSING_QUOTE: '在这一行补上另一半引号（英文双引号 " 要成对）。',
  DUPLICATE_KEY: '删除或合并重复的键，每个键在同一层级只能出现一次。',
  TAB_AS_INDENT: '把行首的 Tab 换成空格（建议每级两个空格）。',
  BAD_INDENT: '同一层级的键要左对齐，子项比父项多缩进两个空格。',
};

function messageOf(code: string, raw: string, label: string): string {
  const zh = YAML_CODES[code];
  return zh ? `${label} 格式错误：${zh}` : `${label} 格式错误：${raw.split('\n')[0] ?? raw}`;
}

/** First line with an unbalanced double quote (YAML reports an unclosed quote only at the end of the file). */
function unbalancedQuoteLine(src: string): number | undefined {
  const lines = src.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = (lines[i] ?? '').replace(/\\./g, '').replace(/#.*$/, (m) => (m.includes('"') ? m : ''));
    if (((l.match(/"/g) ?? []).length) % 2 === 1) return i + 1;
  }
  return undefined;
}

export function readYaml(text: string, file: string, label = file.toLowerCase().endsWith('.json') ? 'JSON' : 'YAML'): YamlResult {
  const lineCounter = new LineCounter();
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const doc = parseDocument(src, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const diagnostics: Diagnostic[] = [];
  const seenLines = new Set<number>();
  for (const e of doc.errors) {
    let pos = lineCounter.linePos(e.pos[0]);
    let code: string = e.code;
    const quoteLine = e.code === 'MISSING_CHAR' || e.code === 'BAD_DQ_ESCAPE' ? unbalancedQuoteLine(src) : undefined;
    if (quoteLine !== undefined && quoteLine < pos.line) {
      pos = { line: quoteLine, col: 1 };
      code = 'MISSING_QUOTE';
    }
    if (seenLines.has(pos.line)) continue; // one message per line: the first is the cause
    seenLines.add(pos.line);
    diagnostics.push({
      severity: 'error',
      code: `yaml-${code.toLowerCase().replace(/_/g, '-')}`,
      file,
      line: pos.line,
      column: pos.col,
      message: messageOf(code, e.message, label),
      hint: YAML_HINTS[code] ?? '检查这一行及上一行的缩进、冒号和引号。',
    });
  }
  for (const w of doc.warnings) {
    const pos = lineCounter.linePos(w.pos[0]);
    diagnostics.push({ severity: 'warning', code: 'yaml-warning', file, line: pos.line, column: pos.col, message: messageOf(w.code, w.message, label) });
  }
  let value: unknown;
  if (doc.errors.length === 0) {
    const blowUp = aliasBlowUp(doc);
    if (blowUp) {
      const pos = lineCounter.linePos(blowUp.offset);
      diagnostics.push({
        severity: 'error',
        code: 'yaml-alias-expansion',
        file,
        line: pos.line,
        column: pos.col,
        message: `${label} 中的引用（*${blowUp.name}）展开后内容太多（超过 ${EXPANDED_LIMIT / 10_000} 万字），文件可能是恶意构造的`,
        hint: '减少 * 引用的次数或层数，或把要重复的内容直接写出来。',
      });
    } else {
      try {
        value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (e) {
        if (!(e instanceof ReferenceError)) throw e;
        diagnostics.push({ severity: 'error', code: 'yaml-alias', file, message: `${label} 格式错误：引用（*名称）有误：找不到对应的锚点（&名称），或引用太多`, hint: '锚点 &名称 要写在引用 *名称 之前；不要层层嵌套引用。' });
      }
    }
  }
  return {
    value,
    diagnostics,
    locate: (path, key = false) => locateIn(doc, lineCounter, path, key),
  };
}

/**
 * Aliases are resolved by reference, so a YAML file may reuse one anchor freely — a list reusing one
 * anchor 150 times is ordinary. What is refused is a file whose aliases *expand* to more than this many
 * characters (the “billion laughs”: nested anchors, each used ten times): every later step that walks
 * the value (hashing, the parse cache, templates) would pay for the expansion.
 */
export const EXPANDED_LIMIT = 20_000_000;
/** yaml's own count check, kept as a second net far above real use. */
const MAX_ALIAS_COUNT = 1_000_000;

/** The first alias at which the document's expanded size passes EXPANDED_LIMIT, or nothing. */
function aliasBlowUp(doc: Document): { name: string; offset: number } | undefined {
  const anchors = new Map<string, Node>();
  const sizes = new Map<unknown, number>();
  let total = 0;
  let found: { name: string; offset: number } | undefined;
  // size of a node as it will be expanded (a node's anchor is known before any alias to it)
  const sizeOf = (n: unknown): number => {
    const known = sizes.get(n);
    if (known !== undefined) return known;
    let size = 1;
    if (isAlias(n)) {
      const target = anchors.get(n.source);
      size = target === undefined ? 1 : sizeOf(target);
    } else if (isScalar(n)) size = String(n.value ?? '').length + 1;
    else if (isPair(n)) size = sizeOf(n.key) + sizeOf(n.value);
    else if (isMap(n) || isSeq(n)) for (const it of n.items as unknown[]) size = Math.min(size + sizeOf(it), Number.MAX_SAFE_INTEGER);
    sizes.set(n, size);
    return size;
  };
  // document order: anchors are registered as they appear, aliases add their target's expanded size
  const walk = (n: unknown): void => {
    if (found || n === null || n === undefined) return;
    if (isAlias(n)) {
      total += sizeOf(n);
      if (total > EXPANDED_LIMIT) found = { name: n.source, offset: n.range?.[0] ?? 0 };
      return;
    }
    if (isPair(n)) {
      walk(n.key);
      walk(n.value);
      return;
    }
    if (isMap(n) || isSeq(n)) for (const it of n.items as unknown[]) walk(it);
    else if (isScalar(n)) total += String(n.value ?? '').length + 1;
    const anchor = (n as { anchor?: string }).anchor;
    if (anchor) anchors.set(anchor, n as Node);
  };
  walk(doc.contents);
  return found;
}

function locateIn(doc: Document, lc: LineCounter, path: readonly (string | number)[], key: boolean): Position | undefined {
  let node: unknown = doc.contents;
  let best: Node | undefined = isNodeWithRange(node) ? node : undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      if (key && i === path.length - 1 && isNodeWithRange(pair.key)) {
        best = pair.key;
        break;
      }
      node = pair.value;
      if (isNodeWithRange(pair.key)) best = pair.key;
      if (isNodeWithRange(node)) best = node;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (isNodeWithRange(node)) best = node;
      else break;
    } else break;
  }
  if (!best?.range) return undefined;
  const p = lc.linePos(best.range[0]);
  return { line: p.line, column: p.col };
}

function isNodeWithRange(n: unknown): n is Node {
  return typeof n === 'object' && n !== null && 'range' in n && Array.isArray((n as { range?: unknown }).range);
}

/**
 * readYaml through the parse cache: a file whose exact bytes parsed cleanly last build gives back that
 * value without parsing. Either way `locate` parses again for positions only if a later check needs one:
 * the parse tree is not kept for the whole build (a catalog's is ~9 times its text: 14 MB for a catalog
 * of 1,300 volumes, and the heap grows a few times what it keeps).
 */
export function readYamlCached(text: string, file: string, sha: string, cache: ParseCache | undefined): YamlResult {
  let full: YamlResult | undefined;
  const locate: YamlResult['locate'] = (p, key) => (full ??= readYaml(text, file)).locate(p, key);
  const hit = cache?.get(sha);
  if (hit !== undefined) return { value: hit, diagnostics: [], locate, sha };
  const y = readYaml(text, file);
  if (y.diagnostics.length === 0 && y.value !== undefined) cache?.put(sha, y.value);
  return { value: y.value, diagnostics: y.diagnostics, locate, sha };
}
