// Helpers for the emulator's own HTML pages: escaping, inline data, and the headers that let a page be
// framed anywhere while loading nothing from outside.
import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON safe to place inside a <script> element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export const newNonce = (): string => randomBytes(16).toString('base64');

export interface PageHeaders {
  nonce: string;
  /** Extra origins images may come from (the public base URL when it differs from the page's). */
  imageOrigins?: string[];
}

/**
 * Sends an HTML page. The policy allows only inline code carrying the nonce, same-origin requests and
 * embedding in any frame (`frame-ancestors *`); no X-Frame-Options is set.
 */
export function sendPage(reply: FastifyReply, status: number, html: string, { nonce, imageOrigins = [] }: PageHeaders): FastifyReply {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    "style-src 'unsafe-inline'",
    `img-src 'self' data: ${imageOrigins.join(' ')}`.trim(),
    "connect-src 'self'",
    'frame-ancestors *',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return reply
    .code(status)
    .header('content-security-policy', csp)
    .header('cache-control', 'no-store')
    // The live view URL carries its token: keep it out of Referer headers.
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .type('text/html; charset=utf-8')
    .send(html);
}

/** A small page with a heading and a sentence (errors of the live view). */
export function messagePage(title: string, text: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="icon" href="data:,">
<style>
html,body{height:100%;margin:0}
body{display:flex;align-items:center;justify-content:center;background:#0f1115;color:#e5e7eb;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:28rem;padding:2rem;text-align:center}
h1{font-size:1.25rem;margin:0 0 .5rem}
p{color:#9ca3af;margin:0}
</style></head>
<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></main></body></html>`;
}
