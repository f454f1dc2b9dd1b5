/** Files API files and cached contents made through gemgate. */

/**
 * A Files API file or a cached content made through gemgate. It lives in one project at Google
 * (only that project's keys can read it) until `expiresAt`, and only the client that made it sees it.
 */
export interface OwnedResourceView {
  /** `files/ID` or `cachedContents/ID`. */
  name: string;
  kind: 'file' | 'cachedContent';
  displayName: string | null;
  mimeType: string | null;
  sizeBytes: number | null;
  /** A cached content's model (`models/…`). */
  model: string | null;
  /** Google's processing state of a file (PROCESSING, ACTIVE, FAILED), as last read. */
  state: string | null;
  project: { id: string; label: string; account: string | null };
  /** The client token that made it; null when the token is gone. */
  client: { id: string; name: string } | null;
  createdAt: number;
  expiresAt: number | null;
}

/** GET /admin/api/files: every file and cached content made through gemgate and not expired, newest first. */
export interface FilesResponse {
  resources: OwnedResourceView[];
}

/**
 * DELETE /admin/api/files/:name (the name URL-encoded, `files%2Fabc`): deleted at its project, then
 * forgotten (204); also forgotten when Google no longer has it.
 */
