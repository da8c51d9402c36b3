//! A Word template package from a WordDoc outline (the reader's own shape, so what it writes reads back
//! the same): paragraphs with named styles (heading 1–4, Title, 版头, 发文字号, 落款, 责任目标, 签署栏,
//! 份数说明), alignment, bold/italic runs, breaks, tables with spans and header rows; A4 with the GB/T 9704
//! margins and 22 × 28 grid, so what the clerk edits looks like what is printed. Fixed dates: same
//! template, same bytes.
import JSZip from 'jszip';
import type { WordDoc, WordInline, WordPara, WordTable } from '../workspace/readers/docx.js';
import { gridWidth, tableGrid } from '../model/table-grid.js';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface StyleDef {
  id: string;
  name: string;
  basedOn?: string;
  /** pPr inner XML */
  pPr?: string;
  /** rPr inner XML */
  rPr?: string;
}

const fonts = (f: string): string => `<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="${f}" w:cs="Times New Roman"/>`;
const NO_INDENT = '<w:ind w:firstLineChars="0" w:firstLine="0"/>';

/** Style ids by the names the reader knows (names are what Word and WPS show). */
export const TEMPLATE_STYLES: readonly StyleDef[] = [
  { id: 'Normal', name: 'Normal', pPr: '<w:widowControl w:val="0"/><w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/>', rPr: `${fonts('仿宋_GB2312')}<w:sz w:val="32"/><w:szCs w:val="32"/>` },
  { id: 'Title', name: 'Title', basedOn: 'Normal', pPr: `${NO_INDENT}<w:jc w:val="center"/>`, rPr: `${fonts('方正小标宋简体')}<w:sz w:val="44"/><w:szCs w:val="44"/>` },
  { id: 'Heading1', name: 'heading 1', basedOn: 'Normal', pPr: '<w:keepNext/><w:outlineLvl w:val="0"/>', rPr: fonts('黑体') },
  { id: 'Heading2', name: 'heading 2', basedOn: 'Normal', pPr: '<w:keepNext/><w:outlineLvl w:val="1"/>', rPr: fonts('楷体_GB2312') },
  { id: 'Heading3', name: 'heading 3', basedOn: 'Normal', pPr: '<w:keepNext/><w:outlineLvl w:val="2"/>' },
  { id: 'Heading4', name: 'heading 4', basedOn: 'Normal', pPr: '<w:keepNext/><w:outlineLvl w:val="3"/>' },
  { id: 'GwMasthead', name: '版头', basedOn: 'Normal', pPr: `${NO_INDENT}<w:jc w:val="center"/>`, rPr: `${fonts('方正小标宋简体')}<w:color w:val="FF0000"/><w:sz w:val="72"/><w:szCs w:val="72"/>` },
  { id: 'GwDocNumber', name: '发文字号', basedOn: 'Normal', pPr: `${NO_INDENT}<w:jc w:val="center"/>` },
  { id: 'GwSignature', name: '落款', basedOn: 'Normal', pPr: `${NO_INDENT}<w:jc w:val="right"/>` },
  { id: 'GwFlush', name: '正文（不缩进）', basedOn: 'Normal', pPr: NO_INDENT },
  { id: 'GwTarget', name: '责任目标', basedOn: 'Normal' },
  { id: 'GwParty', name: '签署栏', basedOn: 'Normal', pPr: NO_INDENT },
  { id: 'GwCopies', name: '份数说明', basedOn: 'Normal' },
  { id: 'GwTable', name: '表格文字', basedOn: 'Normal', pPr: NO_INDENT, rPr: '<w:sz w:val="24"/><w:szCs w:val="24"/>' },
];
const ID_OF = new Map(TEMPLATE_STYLES.map((s) => [s.name, s.id]));

function stylesXml(): string {
  const styles = TEMPLATE_STYLES.map((s) => {
    const custom = s.id.startsWith('Gw') ? ' w:customStyle="1"' : '';
    const def = s.id === 'Normal' ? ' w:default="1"' : '';
    return `<w:style w:type="paragraph"${def}${custom} w:styleId="${s.id}"><w:name w:val="${esc(s.name)}"/>${s.basedOn ? `<w:basedOn w:val="${s.basedOn}"/>` : ''}<w:qFormat/>${s.pPr ? `<w:pPr>${s.pPr}</w:pPr>` : ''}${s.rPr ? `<w:rPr>${s.rPr}</w:rPr>` : ''}</w:style>`;
  }).join('');
  const table = '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:left w:w="108" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="${W}"><w:docDefaults><w:rPrDefault><w:rPr>${fonts('仿宋_GB2312')}<w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>${styles}${table}</w:styles>`;
}

/** numbering.xml: numId 1 = bullets (●), numId 2 = 1) 2) 3) — plain lists, not the 1. of a heading level */
const NUMBERING = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering xmlns:w="${W}"><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="640" w:hanging="320"/></w:pPr></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1)"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="640" w:hanging="320"/></w:pPr></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>`;

function runsXml(content: readonly WordInline[]): string {
  return content
    .map((c) => {
      if (c.t === 'break') return '<w:r><w:br/></w:r>';
      if (c.t === 'page') return '<w:r><w:br w:type="page"/></w:r>';
      const rPr = `${c.bold ? '<w:b/><w:bCs/>' : ''}${c.italic ? '<w:i/><w:iCs/>' : ''}`;
      return `<w:r>${rPr ? `<w:rPr>${rPr}</w:rPr>` : ''}<w:t xml:space="preserve">${esc(c.text)}</w:t></w:r>`;
    })
    .join('');
}

function paraXml(p: WordPara): string {
  const styleId = p.style ? ID_OF.get(p.style) : undefined;
  const heading = p.heading ? `Heading${p.heading}` : undefined;
  const style = heading ?? styleId;
  const num = p.numbering ? `<w:numPr><w:ilvl w:val="0"/><w:numId w:val="${p.numbering.format === 'bullet' ? 1 : 2}"/></w:numPr>` : '';
  const ind = p.noIndent && !styleId ? NO_INDENT : '';
  const jc = p.align ? `<w:jc w:val="${p.align}"/>` : '';
  const pPr = `${style ? `<w:pStyle w:val="${style}"/>` : ''}${p.pageBreakBefore ? '<w:pageBreakBefore/>' : ''}${num}${ind}${jc}`;
  return `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${runsXml(p.content)}</w:p>`;
}

/** 版心 width 156 mm in twips */
const TEXT_WIDTH = Math.round((156 / 25.4) * 1440);

function tableXml(t: WordTable): string {
  // a cell with rowSpan > 1 (a vertical merge) writes w:vMerge restart, and the rows it covers a w:vMerge cell
  const grid = tableGrid(t.rows.map((r) => r.cells));
  const ncols = Math.max(1, gridWidth(t.rows.map((r) => r.cells)));
  const col = Math.floor(TEXT_WIDTH / ncols);
  const border = (side: string) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`;
  const borders = `<w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(border).join('')}</w:tblBorders>`;
  const empty = '<w:p><w:pPr><w:pStyle w:val="GwTable"/></w:pPr></w:p>';
  const rows = t.rows
    .map((r, ri) => {
      const cells = (grid[ri] ?? [])
        .map(({ cell: c, rows: n, first }) => {
          const paras = !first ? empty : c.paras.length ? c.paras.map((p) => paraXml({ ...p, ...(p.style ? {} : { style: '表格文字' }) })).join('') : empty;
          const vMerge = n > 1 ? (first ? '<w:vMerge w:val="restart"/>' : '<w:vMerge/>') : '';
          return `<w:tc><w:tcPr><w:tcW w:w="${col * c.colSpan}" w:type="dxa"/>${c.colSpan > 1 ? `<w:gridSpan w:val="${c.colSpan}"/>` : ''}${vMerge}<w:vAlign w:val="${n > 1 ? 'top' : 'center'}"/></w:tcPr>${paras}</w:tc>`;
        })
        .join('');
      return `<w:tr><w:trPr><w:cantSplit/>${r.header ? '<w:tblHeader/>' : ''}</w:trPr>${cells}</w:tr>`;
    })
    .join('');
  return `<w:tbl><w:tblPr><w:tblW w:w="${col * ncols}" w:type="dxa"/><w:jc w:val="center"/>${borders}<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>${`<w:gridCol w:w="${col}"/>`.repeat(ncols)}</w:tblGrid>${rows}</w:tbl>`;
}

/** GB/T 9704: A4, top 37 mm, left 28 mm, 版心 156 × 225 mm, 22 lines of 28 characters. */
const SECT = '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/><w:cols w:space="425"/><w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-842"/></w:sectPr>';

export async function writeTemplateDocx(doc: WordDoc, title: string): Promise<Uint8Array> {
  const body = doc.blocks.map((b) => (b.t === 'table' ? `${tableXml(b)}` : paraXml(b))).join('');
  const zip = new JSZip();
  const date = new Date('2020-01-01T00:00:00Z');
  const add = (name: string, text: string) => zip.file(name, text, { date, createFolders: false });
  add(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`,
  );
  add(
    '_rels/.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
  );
  add(
    'docProps/core.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>${esc(title)}</dc:title><dc:creator>dossier 案卷生成器</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2020-01-01T00:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2020-01-01T00:00:00Z</dcterms:modified></cp:coreProperties>`,
  );
  add(
    'word/_rels/document.xml.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>`,
  );
  add('word/styles.xml', stylesXml());
  add('word/numbering.xml', NUMBERING);
  add('word/document.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="${W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>${body}${SECT}</w:body></w:document>`);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
