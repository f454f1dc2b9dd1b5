import type { IncomingMessage } from 'node:http';
import type { EditForm } from '../../translate/media/index.js';
import { GatewayError } from '../gatewayError.js';
import { readBodyBytes } from '../readJsonBody.js';

/**
 * Reads a `multipart/form-data` body (https://www.rfc-editor.org/rfc/rfc7578) into its text fields
 * and files, up to `limit` bytes. The parsing is the Fetch standard's `Response.formData()`, as
 * Node ships it (its bundled undici): a maintained parser, rather than one of gemgate's own. A body
 * of another type, or one that is not valid multipart, is the client's mistake: a 400.
 */
export async function readMultipartForm(req: IncomingMessage, limit: number): Promise<EditForm> {
  const contentType = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    req.resume();
    throw new GatewayError(
      400,
      `The request body must be multipart/form-data (the image files and the fields), not ${contentType.split(';')[0] || 'untyped'}.`,
      { code: 'invalid_content_type' },
    );
  }
  const bytes = await readBodyBytes(req, limit);
  let form: FormData;
  try {
    // A Uint8Array over its own ArrayBuffer: the body type both Node's and the DOM's typings accept.
    form = await new Response(new Uint8Array(bytes), { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new GatewayError(400, 'The request body is not valid multipart/form-data.', {
      code: 'invalid_multipart',
    });
  }
  const fields = new Map<string, string>();
  const files: Array<{ field: string; bytes: Buffer }> = [];
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') fields.set(name, value);
    else files.push({ field: name, bytes: Buffer.from(await value.arrayBuffer()) });
  }
  return { fields, files };
}
