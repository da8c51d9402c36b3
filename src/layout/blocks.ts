//! 公文 blocks → flow lines (GB/T 9704 §7): 份号/密级, 版头, 发文字号, 标题, 主送, 正文, headings, lists,
//! 附件说明, 落款, 附注, 版记, and the 责任书 blocks. Positions in pt within the 版心.

import type { FontRole } from '../fonts/roles.js';
import type { Block, CoverLine, Document, PlacedLine, SourcePos } from '../model/types.js';
import {
  ADDRESSEE_GAP_LINES,
  ATTACHMENT_GAP_LINES,
  BODY_SIZE_PT,
  COLOPHON_INSET_CHARS,
  COLOPHON_RULE_THICK_MM,
  COLOPHON_RULE_THIN_MM,
  COLOPHON_SIZE_PT,
  COVER_BIG_PITCH_MM,
  COVER_BIG_SIZE_PT,
  COVER_BIG_TOP_MM,
  COVER_BOTTOM_TOP_MM,
  COVER_LEAD_SIZE_PT,
  COVER_LEAD_TOP_MM,
  COVER_TITLE_SIZE_PT,
  COVER_ISSUER_SIZE_PT,
  COVER_TITLE_LEADING,
  COVER_TOP_MM,
  NOTE_INDENT_CHARS,
  COVER_UNIT_SIZE_PT,
  DOC_NUMBER_GAP_LINES,
  EM_BOX_ASCENT,
  HEADING_FONT_ROLE,
  JOINT_MASTHEAD_GAP_EM,
  JOINT_MASTHEAD_LEADING,
  JOINT_MASTHEAD_SUFFIX,
  MASTHEAD_MAX_SIZE_PT,
  MASTHEAD_RULE_GAP_MM,
  MASTHEAD_RULE_WIDTH_PT,
  MASTHEAD_TOP_FROM_TYPE_AREA_MM,
  PARAGRAPH_INDENT_CHARS,
  RED_RGB,
  SECURITY_MARK_FONT_ROLE,
  SIGNER_INSET_CHARS,
  TABLE_BORDER_PT,
  TITLE_GAP_LINES,
  TITLE_SIZE_PT,
} from '../standards/gbt9704.js';
import type { FlowLine, RelItem } from './flow.js';
import { LANDSCAPE, mmToPt, PORTRAIT } from './grid.js';
import { breakLines } from './linebreak.js';
import { flattenInlines, type StyledText } from './shape.js';
import { layoutTable } from './table.js';
import { brokenToFlow, fixedText, shape, textBlock, textWidth, type LayoutContext } from './text-lines.js';
import { append } from '../util/arrays.js';

const G = PORTRAIT;
const PITCH = G.charPitchPt;
const LINE = G.linePitchPt;
const MEASURE = G.areaWidthPt;

/** Builder state across blocks (red rule pending under the 发文字号, page break pending). */
interface BuildState {
  lines: FlowLine[];
  pendingRule: boolean;
  afterRule: boolean;
  pageBreak: boolean;
}

const plain = (text: string, role: FontRole = 'fangsong'): StyledText[] => [{ text, role }];

function spacers(n: number, grid = true, keep = false): FlowLine[] {
  return Array.from({ length: n }, () => ({ heightPt: LINE, grid, items: [], spacer: true, keepWithNext: keep }));
}

/** Body-text paragraph options: 3号 on the grid, justified. */
function bodyOpts(indentChars: number, align: 'justify' | 'left' | 'center' | 'right' = 'justify') {
  return { sizePt: BODY_SIZE_PT, pitchPt: PITCH, measurePt: MEASURE, firstIndentPt: indentChars * PITCH, align, lineHeightPt: LINE, grid: true } as const;
}

/** Lays out all blocks of a document into flow lines. */
export function layoutBlocks(doc: Document, ctx: LayoutContext): FlowLine[] {
  const st: BuildState = { lines: [], pendingRule: false, afterRule: false, pageBreak: false };
  // a register (登记册) whose table is landscape is landscape throughout: title, 填报单位 line and the
  // 制表人 footer are set on the turned 版心 (centred / right as in portrait), the footer kept with the last row
  const turned = doc.meta.kind === '登记册' && doc.blocks.some((b) => b.t === 'table' && b.landscape === true);
  let afterTable = false;
  for (const b of doc.blocks) {
    const before = st.lines.length;
    if (doc.meta.kind === '登记册' && afterTable && b.t === 'para') keepPrevious(st);
    addBlock(b, doc, ctx, st);
    afterTable = b.t === 'table' || (afterTable && b.t !== 'para');
    if (!turned || b.t === 'table') continue;
    const extra = LANDSCAPE.areaWidthPt - MEASURE;
    const dx = b.t === 'title' || (b.t === 'para' && b.align === 'center') ? extra / 2 : b.t === 'para' && b.align === 'right' ? extra : 0;
    for (let k = before; k < st.lines.length; k++) {
      const l = st.lines[k] as FlowLine;
      st.lines[k] = { ...l, landscape: true, items: l.items.map((it) => (it.kind === 'text' ? { ...it, xPt: it.xPt + dx } : { ...it, x1Pt: it.x1Pt + dx, x2Pt: it.x2Pt + dx })) };
    }
  }
  if (st.pendingRule) st.lines.push(ruleLine(0));
  return st.lines;
}

function push(st: BuildState, lines: FlowLine[]): void {
  if (lines.length === 0) return;
  if (st.pageBreak) {
    lines[0] = { ...(lines[0] as FlowLine), pageBreakBefore: true };
    st.pageBreak = false;
  }
  append(st.lines, lines);
}

/** Marks the last real line before `at` as keep-with-next (落款 never opens a page alone). */
function keepPrevious(st: BuildState): void {
  const last = st.lines[st.lines.length - 1];
  if (last) last.keepWithNext = true;
}

/**
 * 联合行文的标志 (7.2.4): the offices stacked, lead office first, each spread to the longest name's width;
 * “文件” to their right, centred on the stack; the whole centred in the 版心, its top 35 mm below the 版心 top.
 */
function jointMasthead(ctx: LayoutContext, names: readonly string[]): FlowLine {
  const red = (text: string): StyledText[] => [{ text, role: 'xiaobiaosong', color: RED_RGB }];
  const widest = Math.max(...names.map((n) => textWidth(ctx, red(n), 1, 1)));
  const suffixEm = textWidth(ctx, red(JOINT_MASTHEAD_SUFFIX), 1, 1);
  const size = Math.min(MASTHEAD_MAX_SIZE_PT, MEASURE / (widest + JOINT_MASTHEAD_GAP_EM + suffixEm));
  const namesW = widest * size;
  const x0 = (MEASURE - (namesW + JOINT_MASTHEAD_GAP_EM * size + suffixEm * size)) / 2;
  const lead = JOINT_MASTHEAD_LEADING * size;
  const items: RelItem[] = [];
  names.forEach((name, i) => {
    // 分散对齐: a shorter name's characters spread over the longest name's width
    const chars = [...name].length;
    const natural = textWidth(ctx, red(name), size, size);
    const tc = chars > 1 ? (namesW - natural) / (chars - 1) : 0;
    // (a character sits centred in its widened cell: start half the extra space to the left)
    append(items, fixedText(ctx, red(name), size, size + tc, x0 - tc / 2, i * lead));
  });
  const stackH = (names.length - 1) * lead + size;
  append(items, fixedText(ctx, red(JOINT_MASTHEAD_SUFFIX), size, size, x0 + namesW + JOINT_MASTHEAD_GAP_EM * size, (stackH - size) / 2));
  return { heightPt: stackH, grid: false, minTopPt: mmToPt(MASTHEAD_TOP_FROM_TYPE_AREA_MM), items };
}

function ruleLine(topGapPt: number): FlowLine {
  const y = topGapPt + mmToPt(MASTHEAD_RULE_GAP_MM);
  return {
    heightPt: y + MASTHEAD_RULE_WIDTH_PT,
    grid: false,
    items: [{ kind: 'rule', x1Pt: 0, y1Pt: y, x2Pt: MEASURE, y2Pt: y, widthPt: MASTHEAD_RULE_WIDTH_PT, color: RED_RGB }],
  };
}

function addBlock(b: Block, doc: Document, ctx: LayoutContext, st: BuildState): void {
  const bctx: LayoutContext = b.src ? { ...ctx, src: b.src } : ctx;
  const afterRule = st.afterRule;
  st.afterRule = false;
  switch (b.t) {
    case 'securityMarks': {
      const marks: [string | undefined, FontRole][] = [
        [b.copyNo, 'fangsong'],
        [b.secret, SECURITY_MARK_FONT_ROLE],
        [b.urgency, SECURITY_MARK_FONT_ROLE],
      ];
      push(st, marks.filter(([t]) => t).map(([t, role]) => ({ heightPt: LINE, grid: true, items: fixedText(bctx, plain(t as string, role), BODY_SIZE_PT, PITCH, 0) })));
      return;
    }
    case 'masthead': {
      if (b.joint?.length) {
        push(st, [jointMasthead(bctx, b.joint)]);
        st.pendingRule = b.separator;
        if (b.separator) st.afterRule = true;
        return;
      }
      const parts: StyledText[] = [{ text: b.issuer, role: 'xiaobiaosong', color: RED_RGB }];
      const naturalEm = textWidth(bctx, parts, 1, 1);
      const size = Math.min(MASTHEAD_MAX_SIZE_PT, MEASURE / Math.max(naturalEm, 1));
      const w = textWidth(bctx, parts, size, size);
      push(st, [{ heightPt: size, grid: false, minTopPt: mmToPt(MASTHEAD_TOP_FROM_TYPE_AREA_MM), items: fixedText(bctx, parts, size, size, (MEASURE - w) / 2) }]);
      st.pendingRule = b.separator;
      if (b.separator) st.afterRule = true;
      return;
    }
    case 'docNumber': {
      const text = b.text;
      const items: RelItem[] = [];
      if (b.signer) {
        append(items, fixedText(bctx, plain(text), BODY_SIZE_PT, PITCH, SIGNER_INSET_CHARS * PITCH));
        const parts: StyledText[] = [{ text: '签发人：', role: 'fangsong' }, { text: b.signer, role: 'kaiti' }];
        const w = textWidth(bctx, parts, BODY_SIZE_PT, PITCH);
        append(items, fixedText(bctx, parts, BODY_SIZE_PT, PITCH, MEASURE - SIGNER_INSET_CHARS * PITCH - w));
      } else {
        const w = textWidth(bctx, plain(text), BODY_SIZE_PT, PITCH);
        append(items, fixedText(bctx, plain(text), BODY_SIZE_PT, PITCH, (MEASURE - w) / 2));
      }
      const lines: FlowLine[] = [...spacers(DOC_NUMBER_GAP_LINES, false), { heightPt: BODY_SIZE_PT, grid: false, items }];
      if (st.pendingRule) {
        lines.push(ruleLine(0));
        st.pendingRule = false;
        st.afterRule = true;
      }
      push(st, lines);
      return;
    }
    case 'title': {
      if (st.pendingRule) {
        push(st, [ruleLine(0)]);
        st.pendingRule = false;
      }
      const gap = afterRule || st.lines.length > 0 ? TITLE_GAP_LINES : 0;
      const lines = [...spacers(gap), ...titleLines(bctx, b.lines)];
      if (b.subtitle) append(lines, textBlock(bctx, plain(b.subtitle, 'kaiti'), { ...bodyOpts(0, 'center'), keepLinesWithNext: true }));
      append(lines, spacers(ADDRESSEE_GAP_LINES));
      push(st, lines.map((l) => ({ ...l, keepWithNext: true })));
      return;
    }
    case 'addressee': {
      // broken between words by the model; lines flush left, not stretched
      push(st, b.lines.flatMap((l) => textBlock(bctx, plain(l), bodyOpts(0, 'left'), b.src)));
      return;
    }
    case 'heading': {
      const role = HEADING_FONT_ROLE[b.level - 1] ?? 'fangsong';
      const parts = [{ text: b.number, role }, ...flattenInlines(b.content, role)];
      push(st, textBlock(bctx, parts, { ...bodyOpts(PARAGRAPH_INDENT_CHARS), keepLinesWithNext: true }, b.src));
      return;
    }
    case 'para': {
      const align = b.align ?? 'justify';
      const indent = b.indent && align === 'justify' ? PARAGRAPH_INDENT_CHARS : 0;
      push(st, textBlock(bctx, flattenInlines(b.content, 'fangsong'), bodyOpts(indent, align), b.src));
      return;
    }
    case 'list': {
      for (const item of b.items) {
        const [first, ...rest] = item.blocks;
        if (first && first.t === 'para') {
          const marker: StyledText = { text: item.marker, role: 'fangsong' };
          push(st, textBlock(bctx, [marker, ...flattenInlines(first.content, 'fangsong')], bodyOpts(PARAGRAPH_INDENT_CHARS), first.src ?? b.src));
        } else if (first) {
          push(st, textBlock(bctx, plain(item.marker), bodyOpts(PARAGRAPH_INDENT_CHARS), b.src));
          addBlock(first, doc, ctx, st);
        }
        for (const child of rest) addBlock(child, doc, ctx, st);
      }
      return;
    }
    case 'table': {
      push(st, layoutTable(b, bctx));
      return;
    }
    case 'attachments': {
      push(st, [...spacers(ATTACHMENT_GAP_LINES), ...attachmentLines(bctx, b.items)]);
      return;
    }
    case 'signature': {
      keepPrevious(st);
      push(st, placedBlock(bctx, b.gap, b.lines));
      return;
    }
    case 'note': {
      push(st, textBlock(bctx, plain(b.text), bodyOpts(NOTE_INDENT_CHARS), b.src));
      return;
    }
    case 'colophon': {
      push(st, [colophonLine(bctx, b.cc, b.printer, b.printDate)]);
      return;
    }
    case 'targets': {
      for (const line of b.lines) push(st, textBlock(bctx, plain(line), bodyOpts(PARAGRAPH_INDENT_CHARS), b.src));
      return;
    }
    case 'signatures': {
      keepPrevious(st);
      push(st, placedBlock(bctx, b.gap, b.lines));
      return;
    }
    case 'copyClause': {
      // the copy clause stays with the 签署栏 above it: never a page of its own
      if (st.lines[st.lines.length - 1]?.placed) keepPrevious(st);
      push(st, textBlock(bctx, plain(b.text), bodyOpts(PARAGRAPH_INDENT_CHARS), b.src));
      return;
    }
    case 'coverPage': {
      if (st.lines.length > 0) st.pageBreak = true;
      push(st, coverLines(bctx, b.lines));
      st.pageBreak = true;
      return;
    }
    case 'pageBreak':
    case 'sectionBreak': {
      // (numbering parts matter to the DOCX of a bound volume; the PDF binds each document's own pages)
      st.pageBreak = true;
      return;
    }
    case 'div': {
      for (const child of b.children) addBlock(child, doc, ctx, st);
      return;
    }
  }
}

/** 标题: 2号 小标宋, each of the model's lines centred (the model broke it between words and balanced it). */
export function titleLines(ctx: LayoutContext, lines: readonly string[], sizePt: number = TITLE_SIZE_PT, lineHeightPt: number = LINE, role: FontRole = 'xiaobiaosong'): FlowLine[] {
  const out: FlowLine[] = [];
  for (const text of lines) {
    const atoms = shape(ctx, plain(text, role), sizePt, sizePt);
    // a line the model thought fits but this font does not: broken again, never run out of the 版心
    const broken = breakLines(atoms, { measurePt: MEASURE, firstIndentPt: 0 }).map((l) => ({ ...l, last: true }));
    append(out, brokenToFlow(broken, { sizePt, pitchPt: sizePt, measurePt: MEASURE, align: 'center', lineHeightPt, grid: true, keepLinesWithNext: true }));
  }
  return out;
}

/** 附件说明: "附件：1. 名称", later items aligned under "1.", wrapped names under the name (7.3.4). */
function attachmentLines(ctx: LayoutContext, items: string[]): FlowLine[] {
  const label = '附件：';
  const labelW = textWidth(ctx, plain(label), BODY_SIZE_PT, PITCH);
  const base = PARAGRAPH_INDENT_CHARS * PITCH;
  const out: FlowLine[] = [];
  items.forEach((name, i) => {
    const marker = items.length > 1 ? `${i + 1}.` : '';
    const markerW = textWidth(ctx, plain(marker), BODY_SIZE_PT, PITCH);
    const text = (i === 0 ? label : '') + marker + name;
    append(out, textBlock(ctx, plain(text), { ...bodyOpts(0), firstIndentPt: i === 0 ? base : base + labelW, restIndentPt: base + labelW + markerW }));
  });
  return out;
}

/**
 * 落款 and 签署栏 as the model placed them: `gap` empty grid lines, then one grid line per placed line, each
 * text at its anchor (字 from the 版心's left edge; left, centre or right), kept inside the 版心; a text with
 * `rule` is followed by a line to sign on.
 */
function placedBlock(ctx: LayoutContext, gap: number, lines: readonly PlacedLine[]): FlowLine[] {
  const out: FlowLine[] = [...spacers(gap, true, true)];
  for (const line of lines) {
    const items: RelItem[] = [];
    for (const p of line) {
      const w = textWidth(ctx, plain(p.text), BODY_SIZE_PT, PITCH);
      const ruleW = (p.rule ?? 0) * PITCH;
      const anchor = p.x * PITCH;
      let x = p.align === 'center' ? anchor - w / 2 : p.align === 'right' ? anchor - w : anchor;
      x = Math.max(0, Math.min(x, MEASURE - w - ruleW));
      append(items, fixedText(ctx, plain(p.text), BODY_SIZE_PT, PITCH, x));
      if (ruleW > 0) items.push({ kind: 'rule', x1Pt: x + w, y1Pt: BODY_SIZE_PT, x2Pt: x + w + ruleW, y2Pt: BODY_SIZE_PT, widthPt: TABLE_BORDER_PT });
    }
    out.push({ heightPt: LINE, grid: true, keepWithNext: true, placed: true, items });
  }
  const last = out[out.length - 1];
  if (last) last.keepWithNext = false;
  return out;
}

/** 版记: thick rule, 抄送, thin rule, 印发机关 + 印发日期, thick rule on the 版心 bottom (7.4). */
function colophonLine(ctx: LayoutContext, cc: string | undefined, printer: string | undefined, printDate: string | undefined): FlowLine {
  const size = COLOPHON_SIZE_PT;
  const inset = COLOPHON_INSET_CHARS * size;
  const thick = mmToPt(COLOPHON_RULE_THICK_MM);
  const thin = mmToPt(COLOPHON_RULE_THIN_MM);
  const items: RelItem[] = [];
  let y = 0;
  const rule = (w: number): void => {
    items.push({ kind: 'rule', x1Pt: 0, y1Pt: y, x2Pt: MEASURE, y2Pt: y, widthPt: w });
  };
  const textTop = (): number => y + (LINE - size) / 2;
  rule(thick);
  if (cc) {
    const text = `抄送：${cc}`;
    const label = textWidth(ctx, plain('抄送：'), size, size);
    const atoms = shape(ctx, plain(text), size, size);
    const lines = breakLines(atoms, { measurePt: MEASURE - 2 * inset, firstIndentPt: 0, restIndentPt: label });
    for (const l of lines) {
      const flow = brokenToFlow([l], { sizePt: size, pitchPt: size, measurePt: MEASURE - 2 * inset, align: 'justify', offsetPt: inset, lineHeightPt: LINE, grid: false });
      for (const it of flow[0]?.items ?? []) if (it.kind === 'text') items.push({ ...it, baselinePt: textTop() + EM_BOX_ASCENT * size });
      y += LINE;
    }
    if (printer || printDate) rule(thin);
  }
  if (printer || printDate) {
    if (printer) append(items, fixedText(ctx, plain(printer), size, size, inset, textTop()));
    if (printDate) {
      const t = printDate;
      append(items, fixedText(ctx, plain(t), size, size, MEASURE - inset - textWidth(ctx, plain(t), size, size), textTop()));
    }
    y += LINE;
  }
  rule(thick);
  return { heightPt: y, grid: false, footer: true, items };
}

/** 责任书 cover: the model's lines at fixed heights (standards COVER_*): unit, the title's lead (or the
 *  title) balanced, the stacked word one character a line, issuer and date. */
function coverLines(ctx: LayoutContext, lines: readonly CoverLine[]): FlowLine[] {
  const centred = (text: string, size: number, role: FontRole, topMm: number): FlowLine => {
    const w = textWidth(ctx, plain(text, role), size, size);
    return { heightPt: size, grid: false, minTopPt: mmToPt(topMm), cover: true, items: fixedText(ctx, plain(text, role), size, size, Math.max(0, (MEASURE - w) / 2)) };
  };
  const stacked = lines.some((l) => l.role === 'big');
  const out: FlowLine[] = [];
  let lead = 0;
  let big = 0;
  let title = 0;
  for (const l of lines) {
    switch (l.role) {
      case 'unit':
        out.push(centred(l.text, COVER_UNIT_SIZE_PT, 'xiaobiaosong', stacked ? COVER_LEAD_TOP_MM - 15 : COVER_TOP_MM.unit));
        break;
      case 'lead': {
        const leading = COVER_LEAD_SIZE_PT * COVER_TITLE_LEADING;
        out.push({ ...centred(l.text, COVER_LEAD_SIZE_PT, 'xiaobiaosong', 0), minTopPt: mmToPt(COVER_LEAD_TOP_MM) + lead++ * leading });
        break;
      }
      case 'big':
        out.push(centred(l.text, COVER_BIG_SIZE_PT, 'xiaobiaosong', COVER_BIG_TOP_MM + big++ * COVER_BIG_PITCH_MM));
        break;
      case 'title': {
        const leading = COVER_TITLE_SIZE_PT * COVER_TITLE_LEADING;
        out.push({ ...centred(l.text, COVER_TITLE_SIZE_PT, 'xiaobiaosong', 0), minTopPt: mmToPt(COVER_TOP_MM.title) + title++ * leading });
        break;
      }
      case 'issuer':
        out.push(centred(l.text, COVER_ISSUER_SIZE_PT, 'fangsong', stacked ? COVER_BOTTOM_TOP_MM.issuer : COVER_TOP_MM.issuer));
        break;
      case 'date':
        out.push(centred(l.text, COVER_ISSUER_SIZE_PT, 'fangsong', stacked ? COVER_BOTTOM_TOP_MM.date : COVER_TOP_MM.date));
        break;
    }
  }
  return out;
}

export type { SourcePos };
