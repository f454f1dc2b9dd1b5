import { randomBytes } from 'node:crypto';
import type { GenerateContentRequest, GoogleErrorBody } from '../../proxy/gemini/types.js';
import { googleError } from './errors.js';

/**
 * Files uploaded with the Files API belong to the project of the key that uploaded them; a
 * generateContent naming one (`fileData.fileUri`, "https://generativelanguage.googleapis.com/v1beta/files/ID")
 * through a key of another project is refused with 403 PERMISSION_DENIED and no details, the same
 * answer as for a file that does not exist. Shape and wording: google-gemini/deprecated-generative-ai-python#692,
 * googleapis/python-genai#1218; the pool case (keys used in turn): snailyp/gemini-balance#401.
 * Uploading itself is not emulated: tests place files with Emulator.addFile.
 */
export class FileBook {
  private readonly owners = new Map<string, string>();

  add(projectId: string): string {
    const id = randomBytes(6).toString('hex');
    this.owners.set(id, projectId);
    return `https://generativelanguage.googleapis.com/v1beta/files/${id}`;
  }

  /** The 403 for the first Files API file of the request this project may not read, if any. */
  refusal(req: GenerateContentRequest, projectId: string): GoogleErrorBody | undefined {
    for (const content of req.contents ?? []) {
      for (const part of content.parts ?? []) {
        const id = fileIdOf(part.fileData?.fileUri);
        if (id !== undefined && this.owners.get(id) !== projectId) {
          return googleError(
            403,
            'PERMISSION_DENIED',
            `You do not have permission to access the File ${id} or it may not exist.`,
          );
        }
      }
    }
    return undefined;
  }

  clear(): void {
    this.owners.clear();
  }
}

/** The id of a Files API URI (…/v1beta/files/ID or …/v1/files/ID); other URIs (YouTube, gs://) are not files. */
function fileIdOf(uri: unknown): string | undefined {
  if (typeof uri !== 'string') return undefined;
  return /\/v1(?:beta)?\/files\/([^/?#]+)$/.exec(uri)?.[1];
}
