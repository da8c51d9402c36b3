//! The lowering pass: source model (what a template or register says) → composed model (what is printed).
//! Every 公文 element gets its final text here, once, for every writer: dates (2025年9月5日, 二〇二五年二月),
//! numbers, 〔〕, the 主送's colon, 附注 parentheses, 抄送's full stop, 落款 and 签署栏 placed, the 责任书
//! cover's lines, title and 主送 breaks between words, table widths, orientation and cell alignment.

import {
  BODY_SIZE_PT,
  CHAR_PITCH_PT,
  COVER_LEAD_SIZE_PT,
  COVER_TITLE_SIZE_PT,
  GRID,
  TABLE_TEXT_SIZE_PT,
  TITLE_SIZE_PT,
} from '../standards/gbt9704.js';
import { arabicDate, chineseYearMonth, normaliseDocNumber } from '../util/cn.js';
import { LANDSCAPE_MEASURE_PT, PORTRAIT_MEASURE_PT, planColumns } from './columns.js';
import { balancedLines, cellWidths, flushLines } from './lines.js';
import { placeSignature, placeSignatures } from './signature.js';
import type { SourceBlock, SourceDocument } from './source.js';
import type { Block, CoverLine, Document, SourcePos, TableCell } from './types.js';
import { cellColumns } from './table-grid.js';

/** The word a 责任书 cover stacks one character a line (seed 000 第四篇: 责 / 任 / 书). */
const STACKED_WORD = /(责任书|合同书|承诺书|协议书)$/;

interface LowerContext {
  doc: SourceDocument;
  /** width available to a title, in em of the title size */
  titleMeasurePt: number;
  hasCover: boolean;
}

/** Composes a document: the only place where printed text is made from what the template said. */
export function lowerDocument(doc: SourceDocument): Document {
  const tables = new Map<SourceBlock, Extract<Block, { t: 'table' }>>();
  collectTables(doc.blocks, tables);
  // a register whose table turns the page is set on the turned 版心 throughout (title included)
  const turned = doc.meta.kind === '登记册' && [...tables.values()].some((t) => t.landscape);
  const ctx: LowerContext = {
    doc,
    titleMeasurePt: turned ? LANDSCAPE_MEASURE_PT : PORTRAIT_MEASURE_PT,
    hasCover: doc.blocks.some((b) => b.t === 'coverPage'),
  };
  const blocks = doc.blocks.flatMap((b) => lowerBlock(b, ctx, tables));
  const out: Document = { meta: { ...doc.meta, ...(doc.meta.number ? { number: normaliseDocNumber(doc.meta.number) } : {}) }, blocks };
  if (doc.src) out.src = doc.src;
  return out;
}

function collectTables(blocks: readonly SourceBlock[], out: Map<SourceBlock, Extract<Block, { t: 'table' }>>): void {
  for (const b of blocks) {
    if (b.t === 'table') out.set(b, lowerTable(b));
    else if (b.t === 'div') collectTables(b.children, out);
    else if (b.t === 'list') for (const it of b.items) collectTables(it.blocks, out);
  }
}

/** Widths, orientation and alignment of a table, from its content (src/model/columns.ts). */
export function lowerTable(b: Extract<SourceBlock, { t: 'table' }>): Extract<Block, { t: 'table' }> {
  const plan = planColumns(b.header, b.rows, { ...(b.widths ? { given: b.widths } : {}), ...(b.landscape !== undefined ? { landscape: b.landscape } : {}) });
  const headCols = cellColumns(b.header);
  const bodyCols = cellColumns(b.rows);
  const alignRow = (row: TableCell[], head: boolean, ri: number): TableCell[] => {
    return row.map((c, ci) => {
      const k = (head ? headCols : bodyCols)[ri]?.[ci] ?? 0;
      if (c.align) return c;
      return { ...c, align: head || (c.colSpan ?? 1) > 1 ? 'center' : (plan.align[k] ?? 'left') };
    });
  };
  const t: Extract<Block, { t: 'table' }> = {
    t: 'table',
    header: b.header.map((r, ri) => alignRow(r, true, ri)),
    rows: b.rows.map((r, ri) => alignRow(r, false, ri)),
    widths: plan.widths,
    landscape: plan.landscape,
    ...(plan.sizePt !== TABLE_TEXT_SIZE_PT ? { sizePt: plan.sizePt } : {}),
  };
  if (b.caption) t.caption = b.caption;
  if (b.src) t.src = b.src;
  return t;
}

const at = (b: { src?: SourcePos }): { src?: SourcePos } => (b.src ? { src: b.src } : {});

function lowerBlock(b: SourceBlock, ctx: LowerContext, tables: Map<SourceBlock, Extract<Block, { t: 'table' }>>): Block[] {
  switch (b.t) {
    case 'title': {
      // a 责任书 with a cover page carries its title there; its body starts with the text (seed 000 第四篇)
      if (ctx.hasCover) return [];
      const lines = balancedLines(b.text, ctx.titleMeasurePt / TITLE_SIZE_PT);
      return [{ t: 'title', text: b.text, lines, ...(b.subtitle ? { subtitle: b.subtitle } : {}), ...at(b) }];
    }
    case 'addressee': {
      const text = `${b.text.trim().replace(/[:：]\s*$/, '')}：`;
      return [{ t: 'addressee', text, lines: flushLines(text, GRID.chars, cellWidths(CHAR_PITCH_PT / BODY_SIZE_PT)), ...at(b) }];
    }
    case 'docNumber':
      return [{ ...b, text: normaliseDocNumber(b.text) }];
    case 'table':
      return [tables.get(b) ?? lowerTable(b)];
    case 'signature': {
      const placed = placeSignature(b.issuers, arabicDate(b.date), b.sealed);
      return [{ t: 'signature', sealed: b.sealed, gap: placed.gap, lines: placed.lines, ...at(b) }];
    }
    case 'note': {
      const text = b.text.trim();
      return [{ t: 'note', text: /^[（(].*[）)]$/.test(text) ? text : `（${text}）`, ...at(b) }];
    }
    case 'colophon': {
      const cc = (b.cc ?? ctx.doc.meta.cc)?.trim().replace(/^抄送[:：]\s*/, '');
      const c: Extract<Block, { t: 'colophon' }> = { t: 'colophon', ...at(b) };
      if (cc) c.cc = /[。.]$/.test(cc) ? cc.replace(/\.$/, '。') : `${cc}。`;
      if (b.printer) c.printer = b.printer;
      if (b.printDate) c.printDate = `${arabicDate(b.printDate)}印发`;
      return [c];
    }
    case 'targets': {
      const lines = b.items.map((t, i) => `${i + 1}.${t.text}${t.score !== undefined ? `（${t.score}分）` : ''}`);
      if (b.total !== undefined) lines.push(`合计：${b.total}分`);
      return [{ t: 'targets', items: b.items, ...(b.total !== undefined ? { total: b.total } : {}), lines, ...at(b) }];
    }
    case 'signatures': {
      const placed = placeSignatures(b.parties, b.date ? arabicDate(b.date) : undefined);
      return [{ t: 'signatures', gap: placed.gap, lines: placed.lines, ...at(b) }];
    }
    case 'coverPage':
      return [{ t: 'coverPage', lines: coverLines(b), ...at(b) }];
    case 'list':
      return [{ t: 'list', ordered: b.ordered, items: b.items.map((it) => ({ marker: it.marker, blocks: it.blocks.flatMap((c) => lowerBlock(c, ctx, tables)) })), ...at(b) }];
    case 'div':
      return [{ t: 'div', role: b.role, children: b.children.flatMap((c) => lowerBlock(c, ctx, tables)), ...at(b) }];
    default:
      return [b];
  }
}

/**
 * 责任书 cover: a title ending in 责任书 has its lead (balanced, 二号) and the word stacked one character a
 * line (seed 000 第四篇: "…目标管理 / 责 / 任 / 书"); other titles are set large and balanced; then the
 * issuer and the date as year and month in Chinese numerals (二〇二五年二月). The unit is printed above
 * only when it is neither the issuer nor already the start of the title.
 */
function coverLines(b: Extract<SourceBlock, { t: 'coverPage' }>): CoverLine[] {
  const lines: CoverLine[] = [];
  const big = STACKED_WORD.exec(b.title);
  const lead = big ? b.title.slice(0, big.index).trim() : b.title;
  if (b.unit && b.unit !== b.issuer && !lead.startsWith(b.unit)) lines.push({ text: b.unit, role: 'unit' });
  if (big) {
    if (lead) for (const text of balancedLines(lead, PORTRAIT_MEASURE_PT / COVER_LEAD_SIZE_PT)) lines.push({ text, role: 'lead' });
    for (const ch of big[1] as string) lines.push({ text: ch, role: 'big' });
  } else {
    for (const text of balancedLines(b.title, PORTRAIT_MEASURE_PT / COVER_TITLE_SIZE_PT)) lines.push({ text, role: 'title' });
  }
  if (b.issuer) lines.push({ text: b.issuer, role: 'issuer' });
  lines.push({ text: chineseYearMonth(b.date), role: 'date' });
  return lines;
}
