import { ForeignResource, MixedOwners } from '../failures/failures.js';
import type { OwnedResource } from '../store/files.js';
import { FileAffinity } from './fileAffinity.js';

/** What ownership needs of the store (proxy/store/files.ts): the live records among some names. */
export interface OwnershipBook {
  getMany(names: readonly string[], now?: number): Map<string, OwnedResource>;
  isEmpty(): boolean;
}

/** The one project that can read everything a request names, and one of those names to cite. */
export interface Owner {
  projectId: string;
  resource: string;
}

/**
 * A file or cached content can be read only through keys of the project that created it; through
 * any other project Gemini answers 403. Files and caches made through gemgate are in its registry
 * (proxy/store/files.ts), so a request naming them goes to their project and nowhere else; one
 * naming two projects' resources cannot succeed anywhere. Files gemgate did not see being made
 * (uploaded with a key directly) fall back to FileAffinity, which learns owners from 403s.
 *
 * The names are read from the places Gemini reads them:
 *
 * | request                      | where                                                            |
 * | ---------------------------- | ---------------------------------------------------------------- |
 * | generateContent, stream      | `contents[].parts[].fileData.fileUri`, `systemInstruction`, `cachedContent` |
 * | countTokens                  | the same, bare or inside `generateContentRequest`                |
 * | cachedContents.create        | `contents[].parts[].fileData.fileUri`, `systemInstruction`       |
 *
 * A file URI is `https://generativelanguage.googleapis.com/{v1beta|v1}/files/ID` or `files/ID`.
 */
export class ResourceOwnership {
  /** No record yet means no request needs searching; flips once anything is recorded. */
  private known: boolean;

  constructor(
    private readonly book?: OwnershipBook,
    readonly affinity = new FileAffinity(),
    private readonly now: () => number = Date.now,
  ) {
    this.known = book ? !book.isEmpty() : false;
  }

  /** A resource was just recorded in the book: requests may name it from now on. */
  noteRecorded(): void {
    this.known = true;
  }

  /**
   * Refuses a request naming a resource that another client of gemgate created, the way Gemini
   * refuses a stranger (ForeignResource). Resources gemgate does not know are left to Gemini.
   */
  assertVisibleTo(body: unknown, clientId: string): void {
    for (const record of this.recordsOf(body).values()) {
      if (record.clientId !== null && record.clientId !== clientId) throw new ForeignResource(record.name);
    }
  }

  /**
   * The project that alone can serve this request, if it names anything gemgate recorded; throws
   * MixedOwners when the names belong to several projects.
   */
  ownerOf(body: unknown): Owner | undefined {
    const records = [...this.recordsOf(body).values()];
    const first = records[0];
    if (!first) return undefined;
    const others = records.filter((record) => record.projectId !== first.projectId);
    if (others.length > 0) {
      throw new MixedOwners([first.name, ...others.map((record) => record.name)]);
    }
    return { projectId: first.projectId, resource: first.name };
  }

  /** For names gemgate did not record: the project that served them after another refused. */
  preferredProject(body: unknown): string | undefined {
    return this.affinity.preferredProject(generateRequestOf(body));
  }

  /** The request was served by `projectId` after a refusal: its files are there. */
  learn(body: unknown, projectId: string): void {
    this.affinity.record(generateRequestOf(body), projectId);
  }

  private recordsOf(body: unknown): Map<string, OwnedResource> {
    if (!this.known || !this.book) return new Map();
    const names = resourceNamesOf(body);
    return names.length === 0 ? new Map() : this.book.getMany(names, this.now());
  }
}

/** A countTokens body may wrap the generate request; everything else is one already. */
function generateRequestOf(body: unknown): unknown {
  const wrapped = (body as { generateContentRequest?: unknown } | null)?.generateContentRequest;
  return wrapped ?? body;
}

/** `files/ID` and `cachedContents/ID` names a request gives, each once, in order. */
export function resourceNamesOf(body: unknown): string[] {
  const request = generateRequestOf(body) as {
    contents?: unknown;
    systemInstruction?: unknown;
    cachedContent?: unknown;
  } | null;
  if (typeof request !== 'object' || request === null) return [];
  const names = new Set<string>();
  if (Array.isArray(request.contents)) for (const content of request.contents) addFileNames(content, names);
  addFileNames(request.systemInstruction, names);
  if (typeof request.cachedContent === 'string' && /^cachedContents\/[^/]+$/.test(request.cachedContent)) {
    names.add(request.cachedContent);
  }
  return [...names];
}

function addFileNames(content: unknown, names: Set<string>): void {
  const parts = (content as { parts?: unknown } | null | undefined)?.parts;
  if (!Array.isArray(parts)) return;
  for (const part of parts) {
    const name = fileNameOf((part as { fileData?: { fileUri?: unknown } } | null)?.fileData?.fileUri);
    if (name) names.add(name);
  }
}

/** `files/ID` for a Files API URI or name; undefined for anything else (YouTube, gs://, other hosts' paths). */
export function fileNameOf(uri: unknown): string | undefined {
  if (typeof uri !== 'string') return undefined;
  const id = /^(?:https?:\/\/[^/]+\/(?:v1beta|v1)\/)?files\/([^/?#:]+)$/.exec(uri)?.[1];
  return id ? `files/${id}` : undefined;
}
