/**
 * Which project each Files API file belongs to, learned from Gemini's answers. A file can be read
 * only through keys of the project that uploaded it; any other key gets 403 "You do not have
 * permission to access the File … or it may not exist". When a request naming files succeeds on a
 * project after another refused them, the files are remembered there, and later requests naming
 * them go to that project first (a file is often sent again with every turn of a conversation).
 * Files live 48 hours at Google; the memory holds the most recent MAX_FILES. Files uploaded through
 * gemgate need none of this (their owner is recorded, fileOwnership.ts): this is for the others,
 * uploaded with one of the pool's keys directly.
 */
const MAX_FILES = 10_000;

export class FileAffinity {
  private readonly projects = new Map<string, string>();

  constructor(private readonly maxFiles = MAX_FILES) {}

  /** The project that served the request's files before, if gemgate has seen one. */
  preferredProject(body: unknown): string | undefined {
    // Asked on every request: a pool that never met another project's file walks no body for it.
    if (this.projects.size === 0) return undefined;
    for (const id of fileIdsOf(body)) {
      const project = this.projects.get(id);
      if (project) return project;
    }
    return undefined;
  }

  record(body: unknown, projectId: string): void {
    for (const id of fileIdsOf(body)) {
      this.projects.delete(id);
      this.projects.set(id, projectId);
      if (this.projects.size > this.maxFiles) this.projects.delete(this.projects.keys().next().value!);
    }
  }
}

/** The ids of the Files API files a generate request names (…/v1beta/files/ID, or files/ID). */
export function fileIdsOf(body: unknown): string[] {
  const contents = (body as { contents?: unknown } | null)?.contents;
  if (!Array.isArray(contents)) return [];
  const ids: string[] = [];
  for (const content of contents) {
    const parts = (content as { parts?: unknown } | null)?.parts;
    if (!Array.isArray(parts)) continue;
    for (const part of parts) {
      const uri = (part as { fileData?: { fileUri?: unknown } } | null)?.fileData?.fileUri;
      const id = typeof uri === 'string' ? /(?:^|\/)files\/([^/?#]+)$/.exec(uri)?.[1] : undefined;
      if (id) ids.push(id);
    }
  }
  return ids;
}
