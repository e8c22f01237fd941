// A small reader of multipart/form-data bodies (RFC 7578), enough for S3-style POST uploads: named
// fields as text and one file part as bytes. Anything malformed yields undefined.

export interface FormPart {
  name: string;
  /** Set for a file part. */
  filename?: string;
  data: Buffer;
}

/** The boundary of a multipart/form-data Content-Type, or undefined for another type. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^\s*multipart\/form-data\s*(;|$)/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  return boundary && boundary.length <= 200 ? boundary : undefined;
}

function dispositionOf(headers: string): { name: string; filename?: string } | undefined {
  for (const line of headers.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0 || line.slice(0, colon).trim().toLowerCase() !== 'content-disposition') continue;
    const value = line.slice(colon + 1);
    if (!/^\s*form-data\s*(;|$)/i.test(value)) return undefined;
    const name = /;\s*name="([^"]*)"/i.exec(value)?.[1] ?? /;\s*name=([^;\s]+)/i.exec(value)?.[1];
    if (name === undefined) return undefined;
    const filename = /;\s*filename="([^"]*)"/i.exec(value)?.[1] ?? /;\s*filename=([^;\s]+)/i.exec(value)?.[1];
    return filename === undefined ? { name } : { name, filename };
  }
  return undefined;
}

/** The parts of a body in order, or undefined when it is not well-formed. */
export function parseMultipart(body: Buffer, boundary: string): FormPart[] | undefined {
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  if (at < 0) return undefined;
  const parts: FormPart[] = [];
  for (;;) {
    at += delimiter.length;
    // `--` after a delimiter closes the body.
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return parts;
    if (body[at] !== 0x0d || body[at + 1] !== 0x0a) return undefined;
    const headersEnd = body.indexOf('\r\n\r\n', at + 2);
    if (headersEnd < 0) return undefined;
    const disposition = dispositionOf(body.subarray(at + 2, headersEnd).toString('latin1'));
    if (!disposition) return undefined;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headersEnd + 4);
    if (next < 0) return undefined;
    parts.push({ ...disposition, data: body.subarray(headersEnd + 4, next) });
    at = next + 2;
  }
}
