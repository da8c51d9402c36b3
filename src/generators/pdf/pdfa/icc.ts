//! The sRGB ICC profile of the PDF/A OutputIntent, written by our own code (no licence question, byte for
//! byte the same every run): ICC v2.1 display-class matrix/TRC profile, IEC 61966-2.1 primaries adapted to
//! the D50 PCS (Bradford), the sRGB tone curve as a 256-entry table, exact at every 8-bit input level.

/** The profile's description, also the OutputIntent's OutputConditionIdentifier. */
export const SRGB_DESCRIPTION = 'sRGB IEC61966-2.1';

/** D50, the PCS illuminant (ICC.1 7.2.16), and the sRGB colorants adapted to it (Bradford). */
const D50 = [0.9642, 1.0, 0.8249] as const;
const RED = [0.4360747, 0.2225045, 0.0139322] as const;
const GREEN = [0.3850649, 0.7168786, 0.0971045] as const;
const BLUE = [0.1430804, 0.0606169, 0.7141733] as const;

/** Table entries of the tone curve: one per 8-bit level, so 8-bit colours need no interpolation. */
const CURVE_POINTS = 256;

/** IEC 61966-2.1 decoding: encoded value 0…1 → linear light 0…1. */
export function srgbToLinear(v: number): number {
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
}

class Writer {
  readonly bytes: number[] = [];
  u8(v: number): this {
    this.bytes.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v >>> 8).u8(v);
  }
  u32(v: number): this {
    return this.u16(v >>> 16).u16(v & 0xffff);
  }
  sig(s: string): this {
    for (let i = 0; i < 4; i++) this.u8(s.charCodeAt(i));
    return this;
  }
  s15f16(v: number): this {
    return this.u32(Math.round(v * 65536) >>> 0);
  }
  ascii(s: string, len = s.length): this {
    for (let i = 0; i < len; i++) this.u8(i < s.length ? s.charCodeAt(i) : 0);
    return this;
  }
  pad4(): this {
    while (this.bytes.length % 4) this.u8(0);
    return this;
  }
}

function xyzTag(xyz: readonly [number, number, number]): number[] {
  const w = new Writer().sig('XYZ ').u32(0);
  for (const v of xyz) w.s15f16(v);
  return w.bytes;
}

/** textDescriptionType (ICC.1:2001 6.5.17): ASCII, empty Unicode and ScriptCode parts. */
function descTag(text: string): number[] {
  return new Writer().sig('desc').u32(0).u32(text.length + 1).ascii(text, text.length + 1).u32(0).u32(0).u16(0).u8(0).ascii('', 67).bytes;
}

function textTag(text: string): number[] {
  return new Writer().sig('text').u32(0).ascii(text, text.length + 1).bytes;
}

function curveTag(): number[] {
  const w = new Writer().sig('curv').u32(0).u32(CURVE_POINTS);
  for (let i = 0; i < CURVE_POINTS; i++) w.u16(Math.round(srgbToLinear(i / (CURVE_POINTS - 1)) * 65535));
  return w.bytes;
}

let cached: Uint8Array | undefined;

/** The profile's bytes (≈ 1 KB; made once per process). */
export function srgbProfile(): Uint8Array {
  if (cached) return cached;
  const trc = curveTag();
  const tags: [string, number[]][] = [
    ['desc', descTag(SRGB_DESCRIPTION)],
    ['cprt', textTag('No copyright, use freely')],
    ['wtpt', xyzTag(D50)],
    ['rXYZ', xyzTag(RED)],
    ['gXYZ', xyzTag(GREEN)],
    ['bXYZ', xyzTag(BLUE)],
    ['rTRC', trc],
    ['gTRC', trc],
    ['bTRC', trc],
  ];
  // tag data after the header (128) and the tag table; the three TRC tags share one curve
  let offset = 128 + 4 + tags.length * 12;
  const placed = new Map<number[], number>();
  const table: [string, number, number][] = [];
  const data = new Writer();
  for (const [sig, bytes] of tags) {
    let at = placed.get(bytes);
    if (at === undefined) {
      at = offset + data.bytes.length;
      placed.set(bytes, at);
      data.bytes.push(...bytes);
      data.pad4();
    }
    table.push([sig, at, bytes.length]);
  }
  const size = offset + data.bytes.length;
  const w = new Writer()
    .u32(size)
    .u32(0) // preferred CMM: none
    .u32(0x02100000) // version 2.1
    .sig('mntr')
    .sig('RGB ')
    .sig('XYZ ')
    .u16(2026).u16(1).u16(1).u16(0).u16(0).u16(0) // fixed creation date: the bytes never change
    .sig('acsp')
    .u32(0) // platform
    .u32(0) // flags
    .u32(0) // manufacturer
    .u32(0) // model
    .u32(0).u32(0) // attributes
    .u32(0) // rendering intent: perceptual
    .s15f16(D50[0]).s15f16(D50[1]).s15f16(D50[2])
    .u32(0); // creator
  while (w.bytes.length < 128) w.u8(0); // profile ID (v4 only) and reserved
  w.u32(tags.length);
  for (const [sig, at, len] of table) w.sig(sig).u32(at).u32(len);
  w.bytes.push(...data.bytes);
  cached = Uint8Array.from(w.bytes);
  return cached;
}
