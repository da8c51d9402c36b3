// Test helper: .docx files written the way Word and WPS write them — tags split over runs, w:proofErr
// spelling marks, bookmarks, w:smartTag, merged cells, automatic numbering, Chinese style names.
import JSZip from 'jszip';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface RunOpts {
  bold?: boolean;
  italic?: boolean;
  /** a font change, as Word writes when an input method switches (splits runs) */
  font?: string;
}

/** One w:r with text (xml:space="preserve", as Word writes it). */
export function r(text: string, o: RunOpts = {}): string {
  const props = `${o.font ? `<w:rFonts w:ascii="${o.font}" w:eastAsia="${o.font}"/>` : ''}${o.bold ? '<w:b/><w:bCs/>' : ''}${o.italic ? '<w:i/>' : ''}`;
  return `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}<w:t xml:space="preserve">${esc(text)}</w:t></w:r>`;
}

export const br = '<w:r><w:br/></w:r>';
export const pageBr = '<w:r><w:br w:type="page"/></w:r>';
export const proofErr = (type: 'spellStart' | 'spellEnd' | 'gramStart' | 'gramEnd') => `<w:proofErr w:type="${type}"/>`;
export const bookmark = (id: number, name: string, inner: string) => `<w:bookmarkStart w:id="${id}" w:name="${name}"/>${inner}<w:bookmarkEnd w:id="${id}"/>`;
export const smartTag = (inner: string) => `<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="chsdate">${inner}</w:smartTag>`;

export interface ParaOpts {
  align?: 'center' | 'right' | 'left' | 'both';
  style?: string;
  /** w:numPr */
  num?: { id: number; level?: number };
  /** first-line indent in characters (w:firstLineChars ×100) */
  firstLineChars?: number;
}

/** One w:p with the given runs (strings become plain runs). */
export function p(runs: string | string[], o: ParaOpts = {}): string {
  const content = (Array.isArray(runs) ? runs : [runs]).map((x) => (x.startsWith('<') ? x : r(x))).join('');
  const props = `${o.style ? `<w:pStyle w:val="${o.style}"/>` : ''}${o.num ? `<w:numPr><w:ilvl w:val="${o.num.level ?? 0}"/><w:numId w:val="${o.num.id}"/></w:numPr>` : ''}${o.firstLineChars !== undefined ? `<w:ind w:firstLineChars="${o.firstLineChars * 100}" w:firstLine="${o.firstLineChars * 320}"/>` : ''}${o.align ? `<w:jc w:val="${o.align}"/>` : ''}`;
  return `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ''}${content}</w:p>`;
}

export interface CellOpts {
  span?: number;
  vMerge?: 'restart' | 'continue';
}

export function tc(paras: string | string[], o: CellOpts = {}): string {
  const body = (Array.isArray(paras) ? paras : [paras]).map((x) => (x.startsWith('<w:p') ? x : p(x))).join('') || '<w:p/>';
  const props = `<w:tcW w:w="2000" w:type="dxa"/>${o.span ? `<w:gridSpan w:val="${o.span}"/>` : ''}${o.vMerge === 'restart' ? '<w:vMerge w:val="restart"/>' : o.vMerge === 'continue' ? '<w:vMerge/>' : ''}`;
  return `<w:tc><w:tcPr>${props}</w:tcPr>${body}</w:tc>`;
}

export function tr(cells: string[], header = false): string {
  return `<w:tr>${header ? '<w:trPr><w:tblHeader/></w:trPr>' : ''}${cells.join('')}</w:tr>`;
}

export function tbl(rows: string[], cols: number): string {
  return `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders><w:top w:val="single" w:sz="4"/></w:tblBorders></w:tblPr><w:tblGrid>${'<w:gridCol w:w="2000"/>'.repeat(cols)}</w:tblGrid>${rows.join('')}</w:tbl>`;
}

/** styles.xml as Chinese Word writes it: style ids are numbers, names the English built-in names. */
const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="${W}">
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="3"><w:name w:val="heading 3"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/><w:basedOn w:val="a"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="Qianming"><w:name w:val="落款"/><w:basedOn w:val="a"/><w:pPr><w:jc w:val="right"/></w:pPr></w:style>
</w:styles>`;

/** numbering.xml: numId 1 = WPS's 一、 二、, numId 2 = （一）, numId 3 = 1. 2., numId 4 = bullets. */
const NUMBERING = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="${W}">
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%1）"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="3"/></w:num>
</w:numbering>`;

/** A whole .docx package around the body paragraphs and tables. */
export async function docx(body: string[]): Promise<Uint8Array> {
  const zip = new JSZip();
  const date = new Date('2025-01-01T00:00:00Z');
  const add = (name: string, text: string) => zip.file(name, text, { date });
  add(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>`,
  );
  add('_rels/.rels', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`);
  add(
    'word/_rels/document.xml.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>`,
  );
  add('word/styles.xml', STYLES);
  add('word/numbering.xml', NUMBERING);
  add(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="${W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>${body.join('')}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}
