// Reads a multipart/form-data body (an S3-style presigned POST): its text fields and its one file.

export interface FormPart {
  name: string;
  fileName: string | null;
  contentType: string | null;
  data: Buffer;
}

/** The boundary of a multipart/form-data content type, if it is one. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^\s*multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

/** The parts of the body, or undefined when it is not well-formed. */
export function parseMultipart(body: Buffer, boundary: string): FormPart[] | undefined {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) return undefined;
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString('latin1') === '--') return parts;
    if (body.subarray(at, at + 2).toString('latin1') !== '\r\n') return undefined;
    const headerEnd = body.indexOf('\r\n\r\n', at + 2);
    if (headerEnd < 0) return undefined;
    const headers = body.subarray(at + 2, headerEnd).toString('utf8').split('\r\n');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next < 0) return undefined;
    let name: string | undefined;
    let fileName: string | null = null;
    let contentType: string | null = null;
    for (const header of headers) {
      const colon = header.indexOf(':');
      const field = header.slice(0, colon).trim().toLowerCase();
      const value = header.slice(colon + 1).trim();
      if (field === 'content-disposition') {
        name = /\bname="([^"]*)"/i.exec(value)?.[1];
        fileName = /\bfilename="([^"]*)"/i.exec(value)?.[1] ?? null;
      } else if (field === 'content-type') {
        contentType = value;
      }
    }
    if (name === undefined) return undefined;
    parts.push({ name, fileName, contentType, data: body.subarray(headerEnd + 4, next) });
    at = next + 2;
  }
}
