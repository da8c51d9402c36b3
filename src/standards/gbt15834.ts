//! GB/T 15834-2011 标点符号用法 §5.1 and W3C clreq: which marks may not start or end a line. Character data
//! only; the break rules that use it live in src/layout/kinsoku.ts and src/model/lines.ts.

/** 5.1.1–5.1.3 行首禁则: closing punctuation, quotes and brackets, 连接号, 间隔号, and unit signs after a number. */
export const LINE_START_FORBIDDEN_CHARS = '。，、；：？！）」』》〉】〕〗］｝”’·～—－‐-．，,.;:!?)]}>%‰℃°';

/** 行尾禁则: opening brackets and quotes. */
export const LINE_END_FORBIDDEN_CHARS = '（「『《〈【〔〖［｛“‘([{<';

/** 5.1.4–5.1.5: marks never split when doubled (——, ……). */
export const PAIRED_MARK_CHARS = '—…⋯⸺';
