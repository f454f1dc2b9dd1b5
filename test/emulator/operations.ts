import { createHash } from 'node:crypto';

/**
 * Long-running operations that `predictLongRunning` (Veo) starts, as
 * https://ai.google.dev/gemini-api/docs/video documents them: the call answers `{name:
 * "models/veo-…/operations/…"}`, and `GET /v1beta/{name}` is polled until `done: true`, when
 * `response.generateVideoResponse.generatedSamples[].video.uri` names the video (the shape the
 * @google/genai SDK reads in generateVideosOperationFromMldev). An operation belongs to the project
 * that started it: polled through a key of another project it is not found.
 */

interface StoredOperation {
  name: string;
  projectId: string;
  /** Polls so far; the first one finds it still running, the next one done. */
  polls: number;
  samples: number;
}

export interface OperationBody {
  name: string;
  done?: boolean;
  response?: Record<string, unknown>;
}

export class OperationBook {
  private readonly operations = new Map<string, StoredOperation>();
  private counter = 0;

  start(model: string, projectId: string, samples: number): OperationBody {
    const id = createHash('sha256').update(`operation:${++this.counter}`).digest('hex').slice(0, 12);
    const name = `models/${model}/operations/${id}`;
    this.operations.set(name, { name, projectId, polls: 0, samples });
    return { name };
  }

  /** The operation's state as a poll sees it; undefined when this project has no such operation. */
  poll(name: string, projectId: string, baseUrl: string): OperationBody | undefined {
    const op = this.operations.get(name);
    if (!op || op.projectId !== projectId) return undefined;
    op.polls++;
    if (op.polls < 2) return { name };
    const id = name.split('/').at(-1);
    return {
      name,
      done: true,
      response: {
        '@type': 'type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse',
        generateVideoResponse: {
          generatedSamples: Array.from({ length: op.samples }, (_, i) => ({
            video: { uri: `${baseUrl}/v1beta/files/${id}-${i}:download?alt=media` },
          })),
        },
      },
    };
  }

  clear(): void {
    this.operations.clear();
    this.counter = 0;
  }
}
