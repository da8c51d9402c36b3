//! DocModel blocks → WordprocessingML paragraphs and tables, grouped into sections (portrait, or landscape for wide tables).
//! Places the GB/T 9704 elements: 版头, 发文字号/签发人, 标题, 主送, 正文, headings, 附件说明, 落款, 附注, 版记, 责任书 parts.
//! Numbers (一、 （一） …) come from the model as plain text; no Word numbering and no fields.

import type { Block, CoverLine, DocMeta, Document, PlacedLine } from '../../model/types.js';
import type { FontSet } from './fonts.js';
import { inlineRuns, textRun, textWithBreaks, type RunContext } from './inlines.js';
import { TAB_RUN, para as paragraph, type BodyChild, type Border, type ParaProps } from './ooxml.js';
import { HEADING_STYLES, STYLE } from './styles.js';
import { coverForm, FORM_MARGIN_TWIPS } from './forms.js';
import { dataTable, colophonTable, jointMastheadTable, type FormTable } from './tables.js';
import { CONTENTS_HEADER_ROW_MM, CONTENTS_ROW_MM, FORM_CELL_SIZE_PT, FORM_HEADER_SIZE_PT, FORM_TITLE_SIZE_PT, VOLUME_LIST_ROW_MM } from '../../standards/gbt9705.js';
import { widthInChars } from './text.js';
import {
  CHAR_PITCH_TWIPS,
  MASTHEAD_MAX_PT,
  MASTHEAD_RULE_EIGHTHS,
  MASTHEAD_RULE_SPACE_PT,
  PAGE_TWIPS,
  RED_HEX,
  TWIPS_PER_PT,
  TYPE_AREA_TWIPS,
  charsToTwips,
  linesToTwips,
  mmToTwips,
  ptToHalfPoints,
} from './units.js';
import {
  ADDRESSEE_GAP_LINES,
  ATTACHMENT_GAP_LINES,
  COVER_BIG_PITCH_MM,
  COVER_BIG_SIZE_PT,
  COVER_BIG_TOP_MM,
  COVER_BOTTOM_TOP_MM,
  COVER_ISSUER_SIZE_PT,
  COVER_LEAD_SIZE_PT,
  COVER_LEAD_TOP_MM,
  COVER_TITLE_LEADING,
  COVER_TITLE_SIZE_PT,
  COVER_TOP_MM,
  COVER_UNIT_SIZE_PT,
  DOC_NUMBER_GAP_LINES,
  JOINT_MASTHEAD_GAP_EM,
  JOINT_MASTHEAD_LEADING,
  JOINT_MASTHEAD_SUFFIX,
  MASTHEAD_TOP_FROM_TYPE_AREA_MM,
  SIGNER_INSET_CHARS,
  TITLE_GAP_LINES,
} from '../../standards/gbt9704.js';

/** One section of the output: its orientation and its body. */
export interface SectionContent {
  landscape: boolean;
  /** 责任书 cover or an archive form: its own unnumbered section; numbering starts at 1 after it */
  cover?: boolean;
  /** numbering starts at 1 in this section (the next 件 of a bound volume) */
  restart?: boolean;
  /** the section starts on the front of a sheet (w:type oddPage: Word adds a blank back when needed) */
  recto?: boolean;
  /** an archive form (GB/T 9705 margins, framed cover); `role` of a table form */
  form?: 'cover' | 'plain';
  formRole?: string;
  children: BodyChild[];
}

/** Mutable state of one document's walk. */
interface WalkState {
  fonts: FontSet;
  meta: DocMeta;
  sections: SectionContent[];
  /** grid lines used above the 版头 (份号, 密级, 紧急程度) */
  linesAboveMasthead: number;
  /** the 版头 asked for its red line under the 发文字号 */
  pendingRule: boolean;
  /** a pageBreak block waits for the next paragraph */
  pendingBreak: boolean;
  /** type of the previous top-level block, for "N lines below" spacing */
  prev: Block['t'] | undefined;
}

const redRule: Border = { val: 'single', sz: MASTHEAD_RULE_EIGHTHS, color: RED_HEX, space: MASTHEAD_RULE_SPACE_PT };

/** Direct paragraph properties besides the style and the pending page break. */
type Extra = Omit<ParaProps, 'style' | 'pageBreakBefore'>;

function current(s: WalkState): SectionContent {
  return s.sections[s.sections.length - 1] as SectionContent;
}

/** Append a paragraph, giving it a pending page break (w:pageBreakBefore) if one is waiting. */
function push(s: WalkState, p: BodyChild | ((breakBefore: boolean) => BodyChild)): void {
  const breakBefore = s.pendingBreak;
  s.pendingBreak = false;
  const child = typeof p === 'function' ? p(breakBefore) : p;
  if (breakBefore && child.kind === 'tbl') {
    current(s).children.push(paragraph({ style: STYLE.bodyFlush, pageBreakBefore: true }));
  }
  current(s).children.push(child);
}

function ctxOf(s: WalkState): RunContext {
  return { fonts: s.fonts };
}

/** Append a paragraph of `runs` (XML) in `style`. */
function para(s: WalkState, style: string, runs: string, extra: Extra = {}): void {
  push(s, (breakBefore) => paragraph({ style, ...extra, ...(breakBefore ? { pageBreakBefore: true } : {}) }, runs));
}

/** Append an empty 正文（不缩进） paragraph (after a table, or to end a section), never taking a pending break. */
function emptyPara(s: WalkState): void {
  current(s).children.push(paragraph({ style: STYLE.bodyFlush }));
}

/** Width of the current section's 版心 in twips. */
function textWidth(s: WalkState): number {
  if (current(s).form) return PAGE_TWIPS.width - FORM_MARGIN_TWIPS.left - FORM_MARGIN_TWIPS.right;
  return current(s).landscape ? TYPE_AREA_TWIPS.height : TYPE_AREA_TWIPS.width;
}

/** Text sizes and row heights of the 卷内目录 and 案卷目录 (as the PDF's forms). */
const FORM_TABLES: Record<string, FormTable> = {
  'archive-contents': { cellHalfPoints: ptToHalfPoints(FORM_CELL_SIZE_PT), headerHalfPoints: ptToHalfPoints(FORM_HEADER_SIZE_PT), rowTwips: mmToTwips(CONTENTS_ROW_MM), headerRowTwips: mmToTwips(CONTENTS_HEADER_ROW_MM) },
  'archive-volume-list': { cellHalfPoints: ptToHalfPoints(FORM_CELL_SIZE_PT), headerHalfPoints: ptToHalfPoints(FORM_HEADER_SIZE_PT), rowTwips: mmToTwips(VOLUME_LIST_ROW_MM), headerRowTwips: mmToTwips(VOLUME_LIST_ROW_MM) },
};

function securityMarks(s: WalkState, b: Extract<Block, { t: 'securityMarks' }>): void {
  const ctx = ctxOf(s);
  if (b.copyNo) {
    para(s, STYLE.securityMark, textRun(b.copyNo, { ...ctx, role: 'fangsong' }));
    s.linesAboveMasthead++;
  }
  for (const mark of [b.secret, b.urgency]) {
    if (mark) {
      para(s, STYLE.securityMark, textRun(mark, ctx));
      s.linesAboveMasthead++;
    }
  }
}

/** 联合行文的标志: the offices stacked, spread to the longest name, “文件” to their right (tables.ts). */
function jointMasthead(s: WalkState, b: Extract<Block, { t: 'masthead' }>, names: readonly string[], next: Block | undefined): void {
  const widthPt = textWidth(s) / TWIPS_PER_PT;
  const longest = Math.max(...names.map((n) => widthInChars(n)));
  const suffixChars = widthInChars(JOINT_MASTHEAD_SUFFIX);
  const sizePt = Math.min(MASTHEAD_MAX_PT, Math.floor((widthPt / (longest + JOINT_MASTHEAD_GAP_EM + suffixChars)) * 2) / 2);
  const lineTwips = Math.round(sizePt * JOINT_MASTHEAD_LEADING * TWIPS_PER_PT);
  const sizeRun = { ...ctxOf(s), size: ptToHalfPoints(sizePt) };
  // an exact 1 pt line carries the distance down to the 标志's top (35 mm below the 版心 top)
  const before = Math.max(0, mmToTwips(MASTHEAD_TOP_FROM_TYPE_AREA_MM) - linesToTwips(s.linesAboveMasthead) - TWIPS_PER_PT - Math.round(0.15 * sizePt * TWIPS_PER_PT));
  para(s, STYLE.masthead, '', { spacing: { before, after: 0, line: TWIPS_PER_PT, lineRule: 'exact' } });
  const lines = names.map((n) => paragraph({ style: STYLE.masthead, align: 'distribute', spacing: { before: 0, after: 0, line: lineTwips, lineRule: 'exact' } }, textRun(n, sizeRun)));
  const suffix = paragraph({ style: STYLE.masthead, align: 'left', spacing: { before: 0, after: 0, line: lineTwips, lineRule: 'exact' }, indent: { left: Math.round(JOINT_MASTHEAD_GAP_EM * sizePt * TWIPS_PER_PT) } }, textRun(JOINT_MASTHEAD_SUFFIX, sizeRun));
  // a quarter em of slack: distributed lines spread over it instead of wrapping on a rounding error
  const namesTwips = Math.round((longest + 0.25) * sizePt * TWIPS_PER_PT);
  const suffixTwips = Math.round((JOINT_MASTHEAD_GAP_EM + suffixChars) * sizePt * TWIPS_PER_PT) + TWIPS_PER_PT;
  push(s, jointMastheadTable(lines, suffix, textWidth(s), namesTwips, suffixTwips));
  // the red line: on the 发文字号 when one follows, else on a line of its own
  if (b.separator && next?.t !== 'docNumber') para(s, STYLE.bodyFlush, '', { borderBottom: redRule, spacing: { before: 0, after: 0, line: TWIPS_PER_PT, lineRule: 'exact' } });
  s.pendingRule = b.separator && next?.t === 'docNumber';
}

/** 发文机关标志: red 小标宋, centred, its top 35 mm below the top of the 版心 (7.2.4). */
function masthead(s: WalkState, b: Extract<Block, { t: 'masthead' }>, next: Block | undefined): void {
  if (b.joint?.length) return jointMasthead(s, b, b.joint, next);
  const widthPt = textWidth(s) / TWIPS_PER_PT;
  const fitPt = Math.floor((widthPt / Math.max(1, widthInChars(b.issuer))) * 2) / 2;
  const sizePt = Math.min(MASTHEAD_MAX_PT, fitPt);
  const lineTwips = Math.round(sizePt * 1.25 * TWIPS_PER_PT);
  // the glyph's top sits about 0.15 em below the top of an exact line of 1.25 em
  const before = Math.max(
    0,
    mmToTwips(MASTHEAD_TOP_FROM_TYPE_AREA_MM) - linesToTwips(s.linesAboveMasthead) - Math.round(0.15 * sizePt * TWIPS_PER_PT),
  );
  const ruleHere = b.separator && next?.t !== 'docNumber';
  para(s, STYLE.masthead, textRun(b.issuer, { ...ctxOf(s), size: ptToHalfPoints(sizePt) }), {
    spacing: { before, line: lineTwips, lineRule: 'exact' },
    ...(ruleHere ? { borderBottom: redRule } : {}),
  });
  s.pendingRule = b.separator && !ruleHere;
}

/** 发文字号 centred two lines below the 标志; with 签发人 (上行文): 字号 one char in from the left, 签发人 one in from the right. */
function docNumber(s: WalkState, b: Extract<Block, { t: 'docNumber' }>): void {
  const ctx = ctxOf(s);
  const rule = s.pendingRule ? { borderBottom: redRule } : {};
  s.pendingRule = false;
  const before = s.prev === 'masthead' ? linesToTwips(DOC_NUMBER_GAP_LINES) : 0;
  if (b.signer) {
    const inset = charsToTwips(SIGNER_INSET_CHARS);
    para(
      s,
      STYLE.docNumber,
      textRun(b.text, ctx) + TAB_RUN + textRun('签发人：', ctx) + textRun(b.signer, { ...ctx, role: 'kaiti' }),
      {
        align: 'left',
        indent: { left: inset, right: inset },
        tabs: [{ val: 'right', pos: textWidth(s) - inset }],
        spacing: { before },
        ...rule,
      },
    );
  } else {
    para(s, STYLE.docNumber, textRun(b.text, ctx), { spacing: { before }, ...rule });
  }
}

/** 标题: the model's lines, one hard break between them, centred. */
function title(s: WalkState, b: Extract<Block, { t: 'title' }>): void {
  if (current(s).form) {
    // an archive form's title: 二号 黑体, centred (as the PDF's forms)
    para(s, STYLE.caption, textWithBreaks(b.lines.join('\n'), { ...ctxOf(s), role: 'heiti', size: ptToHalfPoints(FORM_TITLE_SIZE_PT) }));
    return;
  }
  const afterHead = s.prev === 'docNumber' || s.prev === 'masthead';
  para(s, STYLE.title, textWithBreaks(b.lines.join('\n'), ctxOf(s)), afterHead ? { spacing: { before: linesToTwips(TITLE_GAP_LINES) } } : {});
  if (b.subtitle) para(s, STYLE.subtitle, textWithBreaks(b.subtitle, ctxOf(s)));
}

/** 主送: the model's lines (broken between words), flush left; a line ended by a break is not stretched. */
function addressee(s: WalkState, b: Extract<Block, { t: 'addressee' }>): void {
  const before = s.prev === 'title' ? linesToTwips(ADDRESSEE_GAP_LINES) : 0;
  para(s, STYLE.addressee, textWithBreaks(b.lines.join('\n'), ctxOf(s)), before ? { spacing: { before } } : {});
}

/** Body blocks (para, heading, list, table …) at a list depth: nested lists indent two characters per level. */
function body(s: WalkState, b: Block, depth: number, marker?: string): boolean {
  const ctx = ctxOf(s);
  const left = depth > 0 ? { indent: { left: charsToTwips(2 * depth) } } : {};
  const prefix = marker ? textRun(marker, ctx) : '';
  switch (b.t) {
    case 'para': {
      const style = b.indent ? STYLE.normal : STYLE.bodyFlush;
      para(s, style, prefix + inlineRuns(b.content, ctx), { ...left, ...(b.align ? { align: b.align } : {}) });
      return true;
    }
    case 'heading':
      para(s, HEADING_STYLES[b.level - 1] as string, prefix + textRun(b.number, ctx) + inlineRuns(b.content, ctx), left);
      return true;
    case 'list':
      for (const item of b.items) {
        const [first, ...rest] = item.blocks;
        if (first !== undefined && (first.t === 'para' || first.t === 'heading')) {
          body(s, first, depth, item.marker);
        } else {
          para(s, STYLE.normal, textRun(item.marker, ctx), left);
          if (first !== undefined) block(s, first, undefined, depth + 1);
        }
        for (const inner of rest) block(s, inner, undefined, depth + 1);
      }
      return true;
    default:
      return false;
  }
}

function table(s: WalkState, b: Extract<Block, { t: 'table' }>): void {
  const wasLandscape = current(s).landscape;
  const landscape = b.landscape === true;
  if (landscape !== wasLandscape) s.sections.push({ landscape, children: [] });
  if (b.caption) para(s, STYLE.caption, textRun(b.caption, ctxOf(s)));
  const form = current(s).formRole ? FORM_TABLES[current(s).formRole as string] : undefined;
  push(s, dataTable(b, textWidth(s), ctxOf(s), form));
  if (landscape !== wasLandscape) {
    // a section must end with a paragraph; then go back to portrait
    emptyPara(s);
    s.sections.push({ landscape: wasLandscape, children: [] });
  }
}

/** 附件说明 (7.3.4): one line below the 正文, two chars in; "附件：1. 名称", later names aligned under the first. */
function attachments(s: WalkState, b: Extract<Block, { t: 'attachments' }>): void {
  const ctx = ctxOf(s);
  const label = '附件：';
  const labelWidth = widthInChars(label);
  const numbered = b.items.length > 1;
  b.items.forEach((name, i) => {
    const number = numbered ? `${i + 1}.` : '';
    const hangChars = widthInChars(number);
    const left = charsToTwips(2 + labelWidth + hangChars);
    const hanging = i === 0 ? charsToTwips(labelWidth + hangChars) : charsToTwips(hangChars);
    para(s, STYLE.attachments, textRun(`${i === 0 ? label : ''}${number}${name}`, ctx), {
      indent: { left, hanging, firstLineChars: 0 },
      ...(i === 0 ? { spacing: { before: linesToTwips(ATTACHMENT_GAP_LINES) } } : {}),
    });
  });
}

/**
 * 落款 and 签署栏 as the model placed them: `gap` lines above, then one paragraph per line, each text after a
 * tab to a stop of its alignment at its anchor (字 from the 版心's left edge); `rule` is a line to sign on
 * (underlined ideographic spaces).
 */
function placed(s: WalkState, style: string, gap: number, lines: readonly PlacedLine[]): void {
  const ctx = ctxOf(s);
  lines.forEach((line, k) => {
    const tabs = line.map((p) => ({ val: p.align, pos: Math.max(0, Math.round(p.x * CHAR_PITCH_TWIPS)) }));
    const runs = line.map((p) => TAB_RUN + textRun(p.text, ctx) + (p.rule ? textRun('\u3000'.repeat(p.rule), { ...ctx, underline: true }) : '')).join('');
    // Word sorts tab stops: keep them in increasing order (the model's anchors are left to right)
    para(s, style, runs, {
      ...(k < lines.length - 1 ? { keepNext: true } : {}),
      ...(k === 0 && gap > 0 ? { spacing: { before: linesToTwips(gap) } } : {}),
      ...(tabs.length ? { tabs: [...tabs].sort((x, y) => x.pos - y.pos) } : {}),
      indent: { left: 0, right: 0, firstLine: 0, firstLineChars: 0 },
    });
  });
}

function note(s: WalkState, b: Extract<Block, { t: 'note' }>): void {
  para(s, STYLE.note, textRun(b.text, ctxOf(s)));
}

function targets(s: WalkState, b: Extract<Block, { t: 'targets' }>): void {
  const ctx = ctxOf(s);
  for (const line of b.lines) para(s, STYLE.normal, textRun(line, ctx));
}

/** Size, font style and height of a 责任书 cover line (the PDF's: standards COVER_*). */
function coverSpec(role: CoverLine['role'], stacked: boolean): { style: string; sizePt: number; topMm: number; leading: number } {
  switch (role) {
    case 'unit':
      return { style: STYLE.coverUnit, sizePt: COVER_UNIT_SIZE_PT, topMm: stacked ? COVER_LEAD_TOP_MM - 15 : COVER_TOP_MM.unit, leading: 1.2 };
    case 'lead':
      return { style: STYLE.coverTitle, sizePt: COVER_LEAD_SIZE_PT, topMm: COVER_LEAD_TOP_MM, leading: COVER_TITLE_LEADING };
    case 'big':
      return { style: STYLE.coverTitle, sizePt: COVER_BIG_SIZE_PT, topMm: COVER_BIG_TOP_MM, leading: 1.2 };
    case 'title':
      return { style: STYLE.coverTitle, sizePt: COVER_TITLE_SIZE_PT, topMm: COVER_TOP_MM.title, leading: COVER_TITLE_LEADING };
    case 'issuer':
      return { style: STYLE.coverText, sizePt: COVER_ISSUER_SIZE_PT, topMm: stacked ? COVER_BOTTOM_TOP_MM.issuer : COVER_TOP_MM.issuer, leading: 1.2 };
    case 'date':
      return { style: STYLE.coverText, sizePt: COVER_ISSUER_SIZE_PT, topMm: stacked ? COVER_BOTTOM_TOP_MM.date : COVER_TOP_MM.date, leading: 1.2 };
  }
}

/**
 * 责任书封面: the model's lines at the PDF's fixed heights below the 版心 top (standards COVER_*), in a section
 * of its own without page numbers. Each exact line box is centred on the PDF's em box.
 */
function coverPage(s: WalkState, b: Extract<Block, { t: 'coverPage' }>): void {
  const ctx = ctxOf(s);
  if (current(s).children.length > 0 || current(s).landscape) s.sections.push({ landscape: false, children: [] });
  current(s).cover = true;
  s.pendingBreak = false;
  const stacked = b.lines.some((l) => l.role === 'big');
  const seen = new Map<CoverLine['role'], number>();
  let y = 0; // twips below the 版心 top
  for (const l of b.lines) {
    const spec = coverSpec(l.role, stacked);
    const k = seen.get(l.role) ?? 0;
    seen.set(l.role, k + 1);
    // lines of one role follow at their pitch (the stacked word 30 mm apart, title lines at their leading)
    const pitchMm = l.role === 'big' ? COVER_BIG_PITCH_MM : (spec.sizePt * spec.leading) / 72 * 25.4;
    const topMm = spec.topMm + k * pitchMm;
    const line = Math.round(spec.sizePt * spec.leading * TWIPS_PER_PT);
    const boxTop = mmToTwips(topMm) - Math.round(((spec.leading - 1) * spec.sizePt * TWIPS_PER_PT) / 2);
    const before = Math.max(0, boxTop - y);
    para(s, spec.style, textRun(l.text, { ...ctx, size: ptToHalfPoints(spec.sizePt) }), { spacing: { before, after: 0, line, lineRule: 'exact' } });
    y = Math.max(y, boxTop) + line;
  }
  s.sections.push({ landscape: false, children: [] });
}

/** Write one block (top level or inside a list/div). */
function block(s: WalkState, b: Block, next: Block | undefined, depth = 0): void {
  const ctx = ctxOf(s);
  switch (b.t) {
    case 'securityMarks':
      securityMarks(s, b);
      break;
    case 'masthead':
      masthead(s, b, next);
      break;
    case 'docNumber':
      docNumber(s, b);
      break;
    case 'title':
      title(s, b);
      break;
    case 'addressee':
      addressee(s, b);
      break;
    case 'para':
    case 'heading':
    case 'list':
      body(s, b, depth);
      break;
    case 'table':
      table(s, b);
      break;
    case 'attachments':
      attachments(s, b);
      break;
    case 'signature':
      placed(s, STYLE.signature, b.gap, b.lines);
      break;
    case 'signatures':
      placed(s, STYLE.signatureCell, b.gap, b.lines);
      break;
    case 'note':
      note(s, b);
      break;
    case 'colophon': {
      const t = colophonTable({ ...b, cc: b.cc ?? s.meta.cc }, textWidth(s), ctx);
      if (t) {
        push(s, t);
        emptyPara(s);
      }
      break;
    }
    case 'targets':
      targets(s, b);
      break;
    case 'copyClause':
      para(s, STYLE.normal, textRun(b.text, ctx));
      break;
    case 'coverPage':
      coverPage(s, b);
      break;
    case 'pageBreak':
      // a break before anything has been written, or two in a row, would make an empty page
      if (current(s).children.length > 0) s.pendingBreak = true;
      break;
    case 'sectionBreak':
      // a section of its own (it starts on a new page): unnumbered, or numbered from 1
      if (current(s).children.length > 0) s.sections.push({ landscape: false, children: [] });
      s.pendingBreak = false;
      if (b.numbering === 'none') current(s).cover = true;
      else current(s).restart = true;
      if (b.recto) current(s).recto = true;
      break;
    case 'div':
      if (b.role === 'archive-cover' || b.role === 'archive-cover-simple') {
        // the 案卷封面 as the PDF draws it: framed, on the forms' margins, in a section of its own
        if (current(s).children.length > 0) s.sections.push({ landscape: false, children: [] });
        current(s).cover = true;
        current(s).form = 'cover';
        for (const child of coverForm(b, ctx)) push(s, child);
        break;
      }
      if (b.role === 'archive-contents' || b.role === 'archive-remarks' || b.role === 'archive-volume-list') {
        current(s).form = 'plain';
        current(s).formRole = b.role;
      }
      b.children.forEach((c, i) => block(s, c, b.children[i + 1], depth));
      break;
  }
  if (depth === 0) s.prev = b.t;
}

/** Blocks that may stand above a register's table on the same (landscape) page. */
const REGISTER_HEAD = new Set<Block['t']>(['title', 'para', 'heading', 'securityMarks']);

/** A register: its first table is landscape and only a title and lines stand before it (as in the PDF, every page landscape). */
function startsLandscape(doc: Document): boolean {
  const i = doc.blocks.findIndex((b) => b.t === 'table');
  const first = doc.blocks[i];
  return first?.t === 'table' && first.landscape === true && doc.blocks.slice(0, i).every((b) => REGISTER_HEAD.has(b.t));
}

/** The document's sections: blocks in order, a new section around every landscape table. */
export function buildSections(doc: Document, fonts: FontSet): SectionContent[] {
  const s: WalkState = {
    fonts,
    meta: doc.meta,
    sections: [{ landscape: startsLandscape(doc), children: [] }],
    linesAboveMasthead: 0,
    pendingRule: false,
    pendingBreak: false,
    prev: undefined,
  };
  doc.blocks.forEach((b, i) => block(s, b, doc.blocks[i + 1]));
  const nonEmpty = s.sections.filter((sec) => sec.children.length > 0);
  const sections = nonEmpty.length > 0 ? nonEmpty : s.sections.slice(0, 1);
  for (const sec of sections) {
    // Word needs a paragraph after a final table; an empty body still needs one paragraph
    const last = sec.children[sec.children.length - 1];
    if (last === undefined || last.kind === 'tbl') sec.children.push(paragraph({ style: STYLE.bodyFlush }));
  }
  return sections;
}
