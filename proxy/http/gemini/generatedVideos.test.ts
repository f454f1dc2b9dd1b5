import { describe, expect, it } from 'vitest';
import type { Request } from 'express';
import type { GatewayContext } from '../gatewayContext.js';
import type { OwnedResource } from '../../store/files.js';
import { adoptGeneratedVideos } from './generatedVideos.js';

const owner = { projectId: 'prj_veo', keyId: 'key_a', clientId: 'tok_1', startedAt: Date.UTC(2026, 11, 3) };
const GOOGLE = 'https://generativelanguage.googleapis.com';

/** The poll answer of a finished operation with these video URIs (the REST shape of the docs). */
const finished = (...uris: Array<string | undefined>) =>
  JSON.stringify({
    name: 'models/veo-3.0-generate-001/operations/op1',
    done: true,
    response: {
      '@type': 'type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse',
      generateVideoResponse: { generatedSamples: uris.map((uri) => ({ video: uri ? { uri } : {} })) },
    },
  });

function adopt(answer: string, headers: Record<string, string> = {}) {
  const recorded: OwnedResource[] = [];
  const ctx = {
    files: { registry: { record: (resource: OwnedResource) => recorded.push(resource) } },
    dispatcher: { ownership: { noteRecorded: () => {} } },
    logger: { warn: () => {}, error: () => {} },
  } as unknown as GatewayContext;
  const req = { headers: { host: '127.0.0.1:8787', ...headers } } as unknown as Request;
  const out = adoptGeneratedVideos(ctx, req, owner, answer);
  return { out, parsed: () => JSON.parse(out) as Record<string, unknown>, recorded };
}

const urisOf = (parsed: Record<string, unknown>) =>
  (
    parsed.response as { generateVideoResponse: { generatedSamples: Array<{ video: { uri?: string } }> } }
  ).generateVideoResponse.generatedSamples.map((sample) => sample.video.uri);

describe('adoptGeneratedVideos: a finished Veo operation hands its videos to the client, through gemgate', () => {
  it.each([
    ['not done yet', JSON.stringify({ name: 'models/veo/operations/op1' })],
    ['done without videos', JSON.stringify({ name: 'op', done: true, response: {} })],
    ['an error', JSON.stringify({ name: 'op', done: true, error: { code: 3, message: 'refused' } })],
    ['not JSON', 'Service Unavailable'],
  ])('%s: the answer comes back as Google wrote it, and nothing is recorded', (_, answer) => {
    const { out, recorded } = adopt(answer);
    expect(out).toBe(answer);
    expect(recorded).toEqual([]);
  });

  it("rewrites each video's URI to this gateway and records it as the client's file of that project", () => {
    const { parsed, recorded } = adopt(
      finished(
        `${GOOGLE}/v1beta/files/abc-0:download?alt=media`,
        `${GOOGLE}/v1beta/files/abc-1:download?alt=media`,
      ),
    );
    expect(urisOf(parsed())).toEqual([
      'http://127.0.0.1:8787/v1beta/files/abc-0:download?alt=media',
      'http://127.0.0.1:8787/v1beta/files/abc-1:download?alt=media',
    ]);
    expect(
      recorded.map(({ name, kind, projectId, clientId, mimeType }) => ({
        name,
        kind,
        projectId,
        clientId,
        mimeType,
      })),
    ).toEqual([
      { name: 'files/abc-0', kind: 'file', projectId: 'prj_veo', clientId: 'tok_1', mimeType: 'video/mp4' },
      { name: 'files/abc-1', kind: 'file', projectId: 'prj_veo', clientId: 'tok_1', mimeType: 'video/mp4' },
    ]);
  });

  it('keeps the API version of the URI, https behind a proxy that says so, and a video without a URI as it is', () => {
    const { parsed, recorded } = adopt(finished(`${GOOGLE}/v1/files/xyz:download?alt=media`, undefined), {
      'x-forwarded-proto': 'https',
      host: 'gemgate.home.lan',
    });
    expect(urisOf(parsed())).toEqual(['https://gemgate.home.lan/v1/files/xyz:download?alt=media', undefined]);
    expect(recorded).toHaveLength(1);
  });
});
