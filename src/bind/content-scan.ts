//! A content stream read the way a PDF/A check needs it (ISO 32000-1 7.8, Annex A): which character codes
//! each font resource shows, which named resources are used, whether DeviceCMYK is set directly or inline
//! images use CMYK or LZW, and any operator the standard does not define. No drawing, no text extraction.

const OPERATORS = new Set(
  "b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET EX f F f* G g gs h i ID j J K k l m M MP n q Q re RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf Tj TJ TL Tm Tr Ts Tw Tz v w W W* y ' \"".split(' '),
);

type Operand = number | string | Uint8Array | { name: string } | Operand[] | { dict: Operand[] };

export interface ContentUse {
  /** font resource name → the bytes of every string shown with it */
  codes: Map<string, Set<number>>;
  /** XObject, ExtGState, Shading, Pattern and ColorSpace resource names used (as `Kind/Name`) */
  resources: Set<string>;
  /** DeviceCMYK set by k/K, cs/CS /DeviceCMYK, or an inline image in CMYK */
  cmyk: boolean;
  /** an inline image compressed with LZW (forbidden by ISO 19005-2 6.1.7.2) */
  lzw: boolean;
  /** operators ISO 32000-1 does not define */
  unknown: Set<string>;
}

const WS = new Set([0, 9, 10, 12, 13, 32]);
const DELIM = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

/** Reads one content stream (already decoded). */
export function scanContent(b: Uint8Array): ContentUse {
  const use: ContentUse = { codes: new Map(), resources: new Set(), cmyk: false, lzw: false, unknown: new Set() };
  const stack: Operand[][] = [[]];
  let operands = stack[0] as Operand[];
  let font = '';
  let inlineDict: Operand[] | undefined;
  let i = 0;
  const n = b.length;
  const push = (v: Operand) => operands.push(v);
  const show = (s: Operand | undefined) => {
    if (!(s instanceof Uint8Array)) return;
    let set = use.codes.get(font);
    if (!set) use.codes.set(font, (set = new Set()));
    for (const c of s) set.add(c);
  };
  const nameOf = (v: Operand | undefined): string | undefined => (v && typeof v === 'object' && 'name' in v ? v.name : undefined);
  while (i < n) {
    const c = b[i] as number;
    if (WS.has(c)) {
      i++;
    } else if (c === 0x25) {
      while (i < n && b[i] !== 10 && b[i] !== 13) i++;
    } else if (c === 0x28) {
      // literal string
      const out: number[] = [];
      let depth = 1;
      i++;
      while (i < n && depth > 0) {
        const ch = b[i++] as number;
        if (ch === 0x5c) {
          const e = b[i++] as number;
          if (e >= 0x30 && e <= 0x37) {
            let v = e - 0x30;
            for (let k = 0; k < 2 && (b[i] as number) >= 0x30 && (b[i] as number) <= 0x37; k++) v = v * 8 + ((b[i++] as number) - 0x30);
            out.push(v & 0xff);
          } else if (e === 13) {
            if (b[i] === 10) i++;
          } else if (e !== 10) out.push(({ 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12 } as Record<number, number>)[e] ?? e);
        } else {
          if (ch === 0x28) depth++;
          else if (ch === 0x29 && --depth === 0) break;
          out.push(ch);
        }
      }
      push(Uint8Array.from(out));
    } else if (c === 0x3c && b[i + 1] === 0x3c) {
      stack.push((operands = []));
      i += 2;
    } else if (c === 0x3e && b[i + 1] === 0x3e) {
      const d = stack.pop() ?? [];
      operands = stack[stack.length - 1] ?? (stack[0] = []);
      push({ dict: d });
      i += 2;
    } else if (c === 0x3c) {
      let hex = '';
      i++;
      while (i < n && b[i] !== 0x3e) {
        if (!WS.has(b[i] as number)) hex += String.fromCharCode(b[i] as number);
        i++;
      }
      i++;
      if (hex.length % 2) hex += '0';
      push(Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16) || 0));
    } else if (c === 0x5b) {
      stack.push((operands = []));
      i++;
    } else if (c === 0x5d) {
      const a = stack.pop() ?? [];
      operands = stack[stack.length - 1] ?? (stack[0] = []);
      push(a);
      i++;
    } else if (c === 0x2f) {
      let j = i + 1;
      while (j < n && !WS.has(b[j] as number) && !DELIM.has(b[j] as number)) j++;
      push({ name: Buffer.from(b.subarray(i + 1, j)).toString('latin1').replace(/#([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))) });
      i = j;
    } else if (c === 0x7b || c === 0x7d || c === 0x29 || c === 0x3e) {
      i++; // stray delimiter (PostScript calculator braces do not occur in content)
    } else {
      let j = i;
      while (j < n && !WS.has(b[j] as number) && !DELIM.has(b[j] as number)) j++;
      const tok = Buffer.from(b.subarray(i, j)).toString('latin1');
      i = j;
      if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(tok)) {
        push(Number(tok));
        continue;
      }
      if (tok === 'true' || tok === 'false' || tok === 'null') {
        push(tok);
        continue;
      }
      // an operator
      if (stack.length > 1) {
        // unbalanced brackets: give up on this operator's operands
        stack.length = 1;
        operands = stack[0] = [];
      }
      const ops = operands;
      if (!OPERATORS.has(tok)) use.unknown.add(tok);
      switch (tok) {
        case 'Tf':
          font = nameOf(ops[0]) ?? '';
          break;
        case 'Tj':
        case "'":
          show(ops[0]);
          break;
        case '"':
          show(ops[2]);
          break;
        case 'TJ':
          if (Array.isArray(ops[0])) for (const s of ops[0]) show(s);
          break;
        case 'k':
        case 'K':
          use.cmyk = true;
          break;
        case 'cs':
        case 'CS': {
          const cs = nameOf(ops[0]);
          if (cs === 'DeviceCMYK') use.cmyk = true;
          else if (cs && cs !== 'DeviceRGB' && cs !== 'DeviceGray' && cs !== 'Pattern') use.resources.add(`ColorSpace/${cs}`);
          break;
        }
        case 'scn':
        case 'SCN': {
          const p = nameOf(ops[ops.length - 1]);
          if (p) use.resources.add(`Pattern/${p}`);
          break;
        }
        case 'Do':
        case 'gs':
        case 'sh': {
          const r = nameOf(ops[0]);
          if (r) use.resources.add(`${tok === 'Do' ? 'XObject' : tok === 'gs' ? 'ExtGState' : 'Shading'}/${r}`);
          break;
        }
        case 'BI':
          inlineDict = [];
          break;
        case 'ID': {
          const d = inlineDict ? ops : [];
          for (let k = 0; k + 1 < d.length; k += 2) {
            const key = nameOf(d[k]);
            const v = d[k + 1];
            const vals = Array.isArray(v) ? v.map(nameOf) : [nameOf(v)];
            if ((key === 'CS' || key === 'ColorSpace') && vals.some((x) => x === 'CMYK' || x === 'DeviceCMYK')) use.cmyk = true;
            if ((key === 'F' || key === 'Filter') && vals.some((x) => x === 'LZW' || x === 'LZWDecode')) use.lzw = true;
          }
          inlineDict = undefined;
          // binary data up to whitespace + EI + whitespace
          let k = i + 1;
          while (k < n - 1 && !(WS.has(b[k - 1] as number) && b[k] === 0x45 && b[k + 1] === 0x49 && (k + 2 >= n || WS.has(b[k + 2] as number)))) k++;
          i = k + 2;
          break;
        }
      }
      operands = stack[0] = [];
    }
  }
  return use;
}
