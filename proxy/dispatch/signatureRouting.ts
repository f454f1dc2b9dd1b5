import crypto from 'node:crypto';
import type { Content, GenerateContentRequest, Part } from '../gemini/types.js';
import { SKIP_THOUGHT_SIGNATURE_VALIDATOR } from '../gemini/thoughtSignatures.js';

const MAX_REMEMBERED = 20_000;

/**
 * Thought signatures only replay through the Google Cloud project that minted them: through another
 * project's key Gemini 3 answers 400 "Corrupted thought signature." gemgate spreads requests over
 * many projects, so it remembers which project minted each signature it relayed, sends a
 * conversation that carries signatures back to that project when it can serve, and when it cannot
 * (cooling, dead), swaps the foreign signatures for Google's documented placeholder so that another
 * project can answer instead of failing.
 */
export class SignatureRouting {
  // Keyed by a digest: signatures grow with the thinking behind them (kilobytes), digests do not.
  private readonly minted = new Map<string, string>();

  record(signature: string, projectId: string): void {
    const digest = digestOf(signature);
    this.minted.delete(digest);
    this.minted.set(digest, projectId);
    if (this.minted.size > MAX_REMEMBERED) this.minted.delete(this.minted.keys().next().value!);
  }

  /** The project that minted most of the request's signatures, if gemgate relayed any of them. */
  preferredProject(request: GenerateContentRequest): string | undefined {
    const votes = new Map<string, number>();
    for (const part of signedParts(request)) {
      const project = this.minted.get(digestOf(part.thoughtSignature!));
      if (project) votes.set(project, (votes.get(project) ?? 0) + 1);
    }
    let best: string | undefined;
    for (const [project, count] of votes) if (!best || count > votes.get(best)!) best = project;
    return best;
  }

  /**
   * The request as it may be sent through `projectId`: signatures minted elsewhere become the
   * placeholder. A native client's body is not validated before it gets here (Gemini answers a
   * malformed one with its own 400), so anything not shaped like contents is passed on untouched.
   */
  adaptFor(request: GenerateContentRequest, projectId: string): GenerateContentRequest {
    if (!Array.isArray(request.contents)) return request;
    let changed = false;
    const contents = request.contents.map((content) => {
      if (!isContent(content) || !content.parts.some((part) => this.isForeign(part, projectId)))
        return content;
      changed = true;
      return {
        ...content,
        parts: content.parts.map((part) =>
          this.isForeign(part, projectId)
            ? { ...part, thoughtSignature: SKIP_THOUGHT_SIGNATURE_VALIDATOR }
            : part,
        ),
      };
    });
    return changed ? { ...request, contents } : request;
  }

  private isForeign(part: Part, projectId: string): boolean {
    if (!isPart(part) || typeof part.thoughtSignature !== 'string' || !part.functionCall) return false;
    const minter = this.minted.get(digestOf(part.thoughtSignature));
    return minter !== undefined && minter !== projectId;
  }
}

function* signedParts(request: GenerateContentRequest): Generator<Part> {
  if (!Array.isArray(request.contents)) return;
  for (const content of request.contents) {
    if (!isContent(content) || content.role !== 'model') continue;
    for (const part of content.parts)
      if (isPart(part) && typeof part.thoughtSignature === 'string') yield part;
  }
}

const isContent = (value: unknown): value is Content =>
  typeof value === 'object' && value !== null && Array.isArray((value as Content).parts);

const isPart = (value: unknown): value is Part => typeof value === 'object' && value !== null;

function digestOf(signature: string): string {
  return crypto.hash('sha1', signature, 'base64');
}
