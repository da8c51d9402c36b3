//! pako 1 (pdf-lib's deflate): only the module's existence; native-deflate.ts types what it touches.
declare module 'pako' {
  const pako: unknown;
  export default pako;
}
