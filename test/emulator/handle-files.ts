import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { GoogleErrorBody } from '../../proxy/gemini/types.js';
import type { EmulatorState } from './context.js';
import { parseJsonBody } from './context.js';
import { googleError, invalidArgument } from './errors.js';
import { fileResource, type EmulatedFile, type FileMetadata, type UploadSession } from './files.js';
import type { ApiVersion } from './types.js';
import { headers, JSON_TYPE, prettyJson, sendError, sendJson } from './wire.js';

/**
 * The Files API's URL space (https://ai.google.dev/api/files), under /v1beta and /v1 alike:
 *   POST   /upload/{v}/files                      start a resumable upload, or one multipart upload
 *   POST   /upload/{v}/files?upload_id=…          a command of a resumable upload (no key needed: the
 *                                                 session URL is the credential)
 *   GET    /{v}/files?pageSize=&pageToken=        list
 *   GET    /{v}/files/{id}                        get
 *   DELETE /{v}/files/{id}                        delete
 *   GET    /{v}/files/{id}:download?alt=media     download (generated files only)
 */
export type FilesRoute =
  | { kind: 'upload'; apiVersion: ApiVersion; action: 'files.upload' }
  | { kind: 'upload-command'; apiVersion: ApiVersion; uploadId: string; action: 'files.upload' }
  | { kind: 'list'; apiVersion: ApiVersion; action: 'files.list' }
  | { kind: 'get'; apiVersion: ApiVersion; id: string; action: 'files.get' }
  | { kind: 'delete'; apiVersion: ApiVersion; id: string; action: 'files.delete' }
  | { kind: 'download'; apiVersion: ApiVersion; id: string; action: 'files.download' };

export function matchFilesRoute(
  method: string,
  pathname: string,
  query: URLSearchParams,
): FilesRoute | undefined {
  const upload = /^\/upload\/(v1|v1beta)\/files\/?$/.exec(pathname);
  if (upload && method === 'POST') {
    const apiVersion = upload[1] as ApiVersion;
    const uploadId = query.get('upload_id');
    return uploadId !== null
      ? { kind: 'upload-command', apiVersion, uploadId, action: 'files.upload' }
      : { kind: 'upload', apiVersion, action: 'files.upload' };
  }
  const match = /^\/(v1|v1beta)\/files(?:\/([^/:]+)(:download)?)?\/?$/.exec(pathname);
  if (!match) return undefined;
  const apiVersion = match[1] as ApiVersion;
  const id = match[2];
  if (id === undefined)
    return method === 'GET' ? { kind: 'list', apiVersion, action: 'files.list' } : undefined;
  if (match[3])
    return method === 'GET' ? { kind: 'download', apiVersion, id, action: 'files.download' } : undefined;
  if (method === 'GET') return { kind: 'get', apiVersion, id, action: 'files.get' };
  if (method === 'DELETE') return { kind: 'delete', apiVersion, id, action: 'files.delete' };
  return undefined;
}

export interface FilesCall {
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  rawBody: Buffer;
  /** The project of the caller's key; absent for the commands of an upload, which need none. */
  projectId?: string;
}

/** What Google's upload front end says the granularity of non-final chunks is (the SDK sends 8 MiB). */
const CHUNK_GRANULARITY = 8 * 1024 * 1024;
const FILES_PAGE_DEFAULT = 10;
const FILES_PAGE_MAX = 100;

export function handleFiles(state: EmulatorState, route: FilesRoute, call: FilesCall): void {
  switch (route.kind) {
    case 'upload-command':
      return uploadCommand(state, route.uploadId, call);
    case 'upload':
      return startUpload(state, route.apiVersion, call);
    case 'list':
      return listFiles(state, call);
    case 'get': {
      const found = state.files.readable(route.id, call.projectId!);
      return found.ok ? sendJson(call.res, 200, fileResource(found.value)) : sendError(call.res, found.error);
    }
    case 'delete': {
      const found = state.files.readable(route.id, call.projectId!);
      if (!found.ok) return sendError(call.res, found.error);
      state.files.delete(route.id);
      return sendJson(call.res, 200, {});
    }
    case 'download':
      return download(state, route.id, call);
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The `file` object of an upload's metadata, in lowerCamel whichever spelling was sent (proto JSON). */
function metadataOf(body: unknown): FileMetadata {
  const file = (body as { file?: unknown } | null)?.file;
  if (typeof file !== 'object' || file === null) return {};
  const raw = file as Record<string, unknown>;
  const pick = (camel: string, snake: string) => {
    const value = raw[camel] ?? raw[snake];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const name = pick('name', 'name');
  const displayName = pick('displayName', 'display_name');
  const mimeType = pick('mimeType', 'mime_type');
  return {
    ...(name ? { name } : {}),
    ...(displayName ? { displayName } : {}),
    ...(mimeType ? { mimeType } : {}),
  };
}

function startUpload(state: EmulatorState, apiVersion: ApiVersion, call: FilesCall): void {
  const protocol = header(call.req, 'x-goog-upload-protocol')?.toLowerCase();
  if (protocol === 'multipart') return multipartUpload(state, apiVersion, call);
  if (protocol !== 'resumable') {
    return sendError(
      call.res,
      invalidArgument(`Unsupported X-Goog-Upload-Protocol "${protocol ?? ''}": use resumable or multipart.`),
    );
  }
  const command = header(call.req, 'x-goog-upload-command')?.trim().toLowerCase();
  if (command !== 'start') {
    return sendError(
      call.res,
      invalidArgument('A resumable upload begins with X-Goog-Upload-Command: start.'),
    );
  }
  const parsed = parseJsonBody(call.rawBody);
  if (!parsed.ok) return sendError(call.res, parsed.error);
  const declaredHeader = header(call.req, 'x-goog-upload-header-content-length');
  const declaredSize = declaredHeader === undefined ? undefined : Number(declaredHeader);
  if (declaredSize !== undefined && !(Number.isSafeInteger(declaredSize) && declaredSize >= 0)) {
    return sendError(
      call.res,
      invalidArgument(`Invalid X-Goog-Upload-Header-Content-Length: ${JSON.stringify(declaredHeader)}`),
    );
  }
  const metadata = metadataOf(parsed.value);
  const declaredType = header(call.req, 'x-goog-upload-header-content-type');
  if (!metadata.mimeType && declaredType) metadata.mimeType = declaredType;
  const started = state.files.startUpload(call.projectId!, apiVersion, metadata, declaredSize);
  if (!started.ok) return sendError(call.res, started.error);
  // The session URL on the host the caller reached, as Google answers with its own host
  // (googleapis/js-genai test/unit/node/node_upload_test.ts: …/upload/v1beta/files?upload_id=…&upload_protocol=resumable).
  const url = `http://${call.req.headers.host}/upload/${apiVersion}/files?upload_id=${encodeURIComponent(started.value.id)}&upload_protocol=resumable`;
  sendUploadAnswer(call.res, 200, {
    'x-goog-upload-status': 'active',
    'x-goog-upload-url': url,
    'x-goog-upload-control-url': url,
    'x-goog-upload-chunk-granularity': String(CHUNK_GRANULARITY),
  });
}

/** An answer of the upload protocol: its X-Goog-Upload-* headers, and a JSON body when there is one. */
function sendUploadAnswer(
  res: ServerResponse,
  status: number,
  uploadHeaders: OutgoingHttpHeaders,
  body?: unknown,
): void {
  const text = body === undefined ? '' : `${prettyJson(body)}\n`;
  res.writeHead(status, {
    ...headers(body === undefined ? 'text/plain; charset=utf-8' : JSON_TYPE),
    ...uploadHeaders,
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function uploadError(res: ServerResponse, session: UploadSession | undefined, error: GoogleErrorBody): void {
  sendUploadAnswer(
    res,
    error.error.code,
    session
      ? {
          'x-goog-upload-status': session.status,
          'x-goog-upload-size-received': String(session.received),
        }
      : {},
    error,
  );
}

/**
 * One command on an upload session: `upload` (bytes at X-Goog-Upload-Offset), `upload, finalize`,
 * `finalize`, `query` and `cancel`. A command that does not fit (wrong offset, more bytes than
 * declared, a finished or cancelled session) is refused with a 400 and changes nothing.
 */
function uploadCommand(state: EmulatorState, uploadId: string, call: FilesCall): void {
  const session = state.files.upload(uploadId);
  if (!session) {
    return uploadError(
      call.res,
      undefined,
      googleError(404, 'NOT_FOUND', 'No upload session with this upload_id.'),
    );
  }
  const commands = new Set(
    (header(call.req, 'x-goog-upload-command') ?? '')
      .split(',')
      .map((part) => part.trim().toLowerCase())
      .filter(Boolean),
  );
  const progress = () => ({
    'x-goog-upload-status': session.status,
    'x-goog-upload-size-received': String(session.received),
  });
  if (commands.has('query')) {
    return sendUploadAnswer(
      call.res,
      200,
      progress(),
      session.file ? { file: fileResource(session.file) } : undefined,
    );
  }
  if (commands.has('cancel')) {
    if (session.status === 'active') {
      session.status = 'cancelled';
      session.chunks = [];
    }
    return sendUploadAnswer(call.res, 200, { 'x-goog-upload-status': session.status });
  }
  if (!commands.has('upload') && !commands.has('finalize')) {
    return uploadError(call.res, session, invalidArgument('Unknown X-Goog-Upload-Command.'));
  }
  if (session.status !== 'active') {
    return uploadError(
      call.res,
      session,
      invalidArgument(`The upload session is already ${session.status}.`),
    );
  }
  const offsetHeader = header(call.req, 'x-goog-upload-offset');
  const offset = offsetHeader === undefined ? session.received : Number(offsetHeader);
  if (offset !== session.received) {
    return uploadError(
      call.res,
      session,
      invalidArgument(
        `X-Goog-Upload-Offset ${JSON.stringify(offsetHeader)} does not match the ${session.received} bytes received so far.`,
      ),
    );
  }
  const chunk = commands.has('upload') ? call.rawBody : Buffer.alloc(0);
  const total = session.received + chunk.length;
  if (session.declaredSize !== undefined && total > session.declaredSize) {
    return uploadError(
      call.res,
      session,
      invalidArgument(`The upload would hold ${total} bytes; its declared size is ${session.declaredSize}.`),
    );
  }
  if (commands.has('finalize') && session.declaredSize !== undefined && total !== session.declaredSize) {
    return uploadError(
      call.res,
      session,
      invalidArgument(
        `The upload holds ${total} bytes at finalize; its declared size is ${session.declaredSize}.`,
      ),
    );
  }
  if (!commands.has('finalize')) {
    if (chunk.length > 0) session.chunks.push(chunk);
    session.received = total;
    return sendUploadAnswer(call.res, 200, { 'x-goog-upload-status': 'active' });
  }
  const created = state.files.create(
    session.projectId,
    session.apiVersion,
    session.metadata,
    Buffer.concat([...session.chunks, chunk]),
  );
  if (!created.ok) return uploadError(call.res, session, created.error);
  session.chunks = [];
  session.received = total;
  session.status = 'final';
  session.file = created.value;
  sendUploadAnswer(call.res, 200, { 'x-goog-upload-status': 'final' }, { file: fileResource(created.value) });
}

interface MimePart {
  headers: Record<string, string>;
  body: Buffer;
}

/** Splits a multipart/related or multipart/form-data body (RFC 2046) into its parts. */
function multipartParts(body: Buffer, boundary: string): MimePart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MimePart[] = [];
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    // The part runs from after the delimiter's line break to before the next delimiter's.
    let part = body.subarray(start, next);
    if (part.subarray(0, 2).toString() === '\r\n') part = part.subarray(2);
    if (part.subarray(part.length - 2).toString() === '\r\n') part = part.subarray(0, part.length - 2);
    const split = part.indexOf('\r\n\r\n');
    const head = split === -1 ? '' : part.subarray(0, split).toString('utf8');
    const headersOfPart: Record<string, string> = {};
    for (const line of head.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headersOfPart[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    parts.push({ headers: headersOfPart, body: split === -1 ? part : part.subarray(split + 4) });
    at = next;
  }
  return parts;
}

/**
 * One-request upload: `X-Goog-Upload-Protocol: multipart` with a multipart/related body (a JSON
 * `{"file": {…}}` part, then the bytes), as google-gemini/generative-ai-js's GoogleAIFileManager
 * sends it (packages/main/src/server/file-manager.ts); multipart/form-data with `metadata` and `file`
 * fields is accepted the same way. The answer is the `{"file": …}` of a finished upload.
 */
function multipartUpload(state: EmulatorState, apiVersion: ApiVersion, call: FilesCall): void {
  const contentType = header(call.req, 'content-type') ?? '';
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!/^multipart\//i.test(contentType) || !boundary) {
    return sendError(
      call.res,
      invalidArgument('A multipart upload needs a multipart Content-Type with a boundary.'),
    );
  }
  const parts = multipartParts(call.rawBody, (boundary[1] ?? boundary[2] ?? '').trim());
  const isJson = (part: MimePart) =>
    /application\/json/i.test(part.headers['content-type'] ?? '') ||
    /name="metadata"/i.test(part.headers['content-disposition'] ?? '');
  const metaPart = parts.length > 1 && isJson(parts[0]!) ? parts[0] : undefined;
  const filePart = metaPart ? parts[1] : parts[0];
  if (!filePart) return sendError(call.res, invalidArgument('The multipart body has no file part.'));
  let metadata: FileMetadata = {};
  if (metaPart) {
    const parsed = parseJsonBody(metaPart.body);
    if (!parsed.ok) return sendError(call.res, parsed.error);
    metadata = metadataOf(parsed.value);
  }
  const partType = filePart.headers['content-type'];
  if (!metadata.mimeType && partType) metadata.mimeType = partType.split(';')[0]!.trim();
  const created = state.files.create(call.projectId!, apiVersion, metadata, Buffer.from(filePart.body));
  if (!created.ok) return sendError(call.res, created.error);
  sendUploadAnswer(call.res, 200, { 'x-goog-upload-status': 'final' }, { file: fileResource(created.value) });
}

function listFiles(state: EmulatorState, call: FilesCall): void {
  const requested = Number(call.query.get('pageSize') ?? FILES_PAGE_DEFAULT);
  const pageSize =
    Number.isFinite(requested) && requested > 0
      ? Math.min(Math.floor(requested), FILES_PAGE_MAX)
      : FILES_PAGE_DEFAULT;
  const token = call.query.get('pageToken');
  let offset = 0;
  if (token) {
    const match = /^files:(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
    if (!match) return sendError(call.res, invalidArgument('Invalid page token.'));
    offset = Number(match[1]);
  }
  const files = state.files.listFor(call.projectId!);
  const page = files.slice(offset, offset + pageSize);
  const next = offset + page.length;
  sendJson(call.res, 200, {
    ...(page.length > 0 ? { files: page.map(fileResource) } : {}),
    ...(next < files.length ? { nextPageToken: Buffer.from(`files:${next}`).toString('base64url') } : {}),
  });
}

/**
 * `files/{id}:download?alt=media`: the bytes of a file a model generated. Uploaded files are not
 * downloadable (their File has no `downloadUri`, which the API sets "only for downloadable
 * (generated) files"); asking for one is a 400 whose wording is the emulator's own.
 */
function download(state: EmulatorState, id: string, call: FilesCall): void {
  const found = state.files.readable(id, call.projectId!);
  if (!found.ok) return sendError(call.res, found.error);
  const file: EmulatedFile = found.value;
  if (file.source !== 'GENERATED') {
    return sendError(
      call.res,
      invalidArgument(
        `File files/${id} was uploaded, not generated: only generated files can be downloaded.`,
      ),
    );
  }
  call.res.writeHead(200, {
    ...headers(file.mimeType),
    'content-length': file.bytes.length,
  });
  call.res.end(file.bytes);
}
