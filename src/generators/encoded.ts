//! The encoded-pages format (pdf/encode.ts) for the build's cache, without loading any writer.
export { encodedComplete, ENCODED_HEAD, parseEncodedDoc, serializeEncodedDoc, type EncodedDoc } from './pdf/encode.js';
export type { StoredSubset, SubsetStore } from './pdf/file.js';
