//! Who may talk to `dossier serve`: a random token (first URL, then an HttpOnly cookie), our own Host only
//! (DNS rebinding), our own Origin only (CSRF). Pure checks over request headers; no I/O.
import { randomBytes, timingSafeEqual } from 'node:crypto';

export interface Gate {
  token: string;
  port: number;
}

/** What the gate reads of a request. */
export interface RequestFacts {
  method: string;
  host: string | undefined;
  origin: string | undefined;
  /** Sec-Fetch-Site, sent by every current browser */
  fetchSite: string | undefined;
  cookieToken: string | undefined;
  queryToken: string | undefined;
  headerToken: string | undefined;
}

export type Verdict = { ok: true; viaQuery: boolean } | { ok: false; status: 400 | 401 | 403; reason: string };

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Cookie per port: cookies are not port-scoped, and two servers may run side by side. */
export function cookieName(port: number): string {
  return `dossier_token_${port}`;
}

const LOCAL_NAMES = ['127.0.0.1', 'localhost'];

/** Host header values we answer to: 127.0.0.1:port and localhost:port, nothing else. */
export function allowedHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  return LOCAL_NAMES.some((n) => host.toLowerCase() === `${n}:${port}`);
}

export function allowedOrigin(origin: string, port: number): boolean {
  return LOCAL_NAMES.some((n) => origin.toLowerCase() === `http://${n}:${port}`);
}

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Decides a request. Order: Host, Origin/Sec-Fetch-Site, token. */
export function checkRequest(r: RequestFacts, gate: Gate): Verdict {
  if (!allowedHost(r.host, gate.port)) return { ok: false, status: 403, reason: '拒绝访问：地址不是本机（Host 不符）。请使用 dossier serve 打印的地址。' };
  if (r.origin !== undefined && r.origin !== '' && !allowedOrigin(r.origin, gate.port)) return { ok: false, status: 403, reason: '拒绝访问：请求来自其他网站（Origin 不符）。' };
  const unsafe = !['GET', 'HEAD'].includes(r.method.toUpperCase());
  if (unsafe && r.fetchSite !== undefined && r.fetchSite !== 'same-origin' && r.fetchSite !== 'none') return { ok: false, status: 403, reason: '拒绝访问：请求来自其他网站。' };
  if (sameToken(r.cookieToken, gate.token) || sameToken(r.headerToken, gate.token)) return { ok: true, viaQuery: false };
  if (sameToken(r.queryToken, gate.token)) return { ok: true, viaQuery: true };
  return { ok: false, status: 401, reason: '拒绝访问：缺少或错误的访问口令。请用 dossier serve 打印的完整地址（含 token=…）打开。' };
}
