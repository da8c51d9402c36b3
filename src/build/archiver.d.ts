// Minimal types for archiver 8 (ESM, class API; the package ships none). Only what src/build/zip.ts uses.
declare module 'archiver' {
  import type { Readable } from 'node:stream';
  export interface ZipOptions {
    zlib?: { level?: number };
    forceLocalTime?: boolean;
    statConcurrency?: number;
    comment?: string;
  }
  export interface EntryData {
    name: string;
    date?: Date;
    mode?: number;
    store?: boolean;
  }
  export class ZipArchive extends (class {} as new () => Readable) {
    constructor(options?: ZipOptions);
    append(source: Buffer | string, data: EntryData): this;
    file(filepath: string, data: EntryData): this;
    finalize(): Promise<void>;
  }
}
