import type { Request } from 'express';
import type { GatewayContext } from '../gatewayContext.js';
import type { OperationOwner } from '../../store/operationOwners.js';
import { gatewayOrigin } from '../gatewayOrigin.js';
import { recordOwned } from './ownedResources.js';

/** `…/v1beta/files/ID:download…` in a video's URI: its version and file id. */
const DOWNLOAD_URI = /\/(v1beta|v1)\/files\/([^/:?]+):download/;

interface VideoSample {
  video?: { uri?: unknown; [field: string]: unknown };
  [field: string]: unknown;
}

/**
 * A finished Veo operation names each video by Google's own download URL
 * (`response.generateVideoResponse.generatedSamples[].video.uri`,
 * https://ai.google.dev/gemini-api/docs/video), a generated file only keys of the project that
 * made it can read. Each video becomes a file of the client that started the operation, owned by
 * that project, so `GET /v1beta/files/ID:download` through gemgate reaches the project (and the
 * client's Files list shows it). Its URI is rewritten to point at this gateway, as the client
 * reached it: a client that follows the URI as it is sends its gemgate token to gemgate, not to
 * Google. Any other answer (not done yet, an error, no videos) comes back as Google wrote it.
 *
 * | the poll answers                              | the client gets                                       |
 * | --------------------------------------------- | ----------------------------------------------------- |
 * | `done` missing or false                       | the answer as it is                                   |
 * | `done`, videos at `…/files/ID:download?…`     | each URI as `{gateway}/{version}/files/ID:download?alt=media`; `files/ID` recorded for the client |
 * | `done`, a video without a URI (inline bytes)  | that video as it is                                   |
 */
export function adoptGeneratedVideos(
  ctx: GatewayContext,
  req: Request,
  owner: OperationOwner,
  answer: string,
): string {
  let parsed: { done?: unknown; response?: { generateVideoResponse?: { generatedSamples?: unknown } } };
  try {
    parsed = JSON.parse(answer) as typeof parsed;
  } catch {
    return answer;
  }
  const samples = parsed.response?.generateVideoResponse?.generatedSamples;
  if (parsed.done !== true || !Array.isArray(samples)) return answer;
  let adopted = 0;
  for (const sample of samples as VideoSample[]) {
    const uri = sample.video?.uri;
    const found = typeof uri === 'string' ? DOWNLOAD_URI.exec(uri) : null;
    if (!found) continue;
    const [, version, id] = found;
    recordOwned(
      ctx,
      'file',
      { name: `files/${id}`, mimeType: 'video/mp4', source: 'GENERATED' },
      owner.projectId,
      owner.clientId,
    );
    sample.video = {
      ...sample.video,
      uri: `${gatewayOrigin(req)}/${version}/files/${id}:download?alt=media`,
    };
    adopted++;
  }
  return adopted > 0 ? JSON.stringify(parsed) : answer;
}
