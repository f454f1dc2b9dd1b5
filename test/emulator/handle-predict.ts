import type { GoogleErrorBody } from '../../proxy/gemini/types.js';
import { type Call, type EmulatorState, parseJsonBody } from './context.js';
import { googleError, invalidArgument, modelNotFound, quotaExceeded } from './errors.js';
import { takeLeadingFault } from './faults.js';
import { findModel, supports } from './models.js';
import { dimensionsFor, pngImage } from './png.js';
import { countTextTokens } from './tokens.js';
import {
  destroySocket,
  firstHalf,
  headers,
  JSON_TYPE,
  prettyJson,
  sendError,
  sendJson,
  sleep,
  writeChunk,
} from './wire.js';

/**
 * Imagen `predict` and Veo `predictLongRunning`, with the same order of checks as generateContent
 * (auth done; model and method, body, quota, then one queued fault).
 *
 * Request (https://ai.google.dev/gemini-api/docs/imagen , REST):
 *   {"instances": [{"prompt": "Robot holding a red skateboard"}], "parameters": {"sampleCount": 4}}
 * with parameters as the @google/genai SDK sent them to the Gemini API (generateImagesConfigToMldev,
 * googleapis/js-genai before 9ca6086): sampleCount (1-4, default 4), aspectRatio (1:1, 3:4, 4:3,
 * 9:16, 16:9), personGeneration, guidanceScale, safetySetting, includeSafetyAttributes,
 * includeRaiReason, language, outputOptions {mimeType, compressionQuality}, sampleImageSize (1K, 2K).
 * Answer: {"predictions": [{"bytesBase64Encoded": "…", "mimeType": "image/png"}, …]}
 * (generateImagesResponseFromMldev / imageFromMldev read exactly these). Not emulated: JPEG output
 * (an `outputOptions.mimeType` of image/jpeg still gets PNG, labelled image/png) and safety filtering.
 *
 * Veo (https://ai.google.dev/gemini-api/docs/video , REST): the same instances/parameters, answered
 * with an operation (operations.ts).
 */

const IMAGEN_ASPECT_RATIOS = ['1:1', '3:4', '4:3', '9:16', '16:9'];
const IMAGEN_SIZES: Record<string, number> = { '1K': 64, '2K': 96 };

interface PredictBody {
  instances?: Array<{ prompt?: unknown }>;
  parameters?: {
    sampleCount?: unknown;
    aspectRatio?: unknown;
    sampleImageSize?: unknown;
    numberOfVideos?: unknown;
  };
}

/** The body checks of predict (and predictLongRunning): the prompt when the body passes, else Google's 400. */
export function checkPredictBody(body: unknown, family: 'imagen' | 'veo'): GoogleErrorBody | string {
  const request = body as PredictBody;
  const prompt = Array.isArray(request?.instances) ? request.instances[0]?.prompt : undefined;
  if (!Array.isArray(request?.instances) || request.instances.length !== 1 || typeof prompt !== 'string') {
    return invalidArgument('Exactly one instance with a prompt is required.');
  }
  if (prompt.trim() === '') return invalidArgument('The prompt must not be empty.');
  const parameters = request.parameters ?? {};
  if (family === 'imagen') {
    const count = parameters.sampleCount;
    if (count !== undefined && (!Number.isInteger(count) || (count as number) < 1 || (count as number) > 4)) {
      return invalidArgument(`sampleCount must be between 1 and 4, got ${JSON.stringify(count)}.`);
    }
    const ratio = parameters.aspectRatio;
    if (ratio !== undefined && !IMAGEN_ASPECT_RATIOS.includes(String(ratio))) {
      return invalidArgument(`Unsupported aspect ratio: ${String(ratio)}.`);
    }
    const size = parameters.sampleImageSize;
    if (size !== undefined && !(String(size) in IMAGEN_SIZES)) {
      return invalidArgument(`Unsupported sample image size: ${String(size)}.`);
    }
  }
  return prompt;
}

export async function handlePredict(
  state: EmulatorState,
  call: Call,
  action: 'predict' | 'predictLongRunning',
): Promise<void> {
  const longRunning = action === 'predictLongRunning';
  const model = findModel(call.modelId);
  if (!model || !supports(model, action) || (model.family !== 'imagen' && model.family !== 'veo')) {
    return sendError(
      call.res,
      modelNotFound(call.modelId, call.apiVersion, longRunning ? 'predictLongRunning' : 'predict'),
    );
  }
  const parsed = parseJsonBody(call.rawBody);
  if (!parsed.ok) return sendError(call.res, parsed.error);
  const checked = checkPredictBody(parsed.value, model.family);
  if (typeof checked !== 'string') return sendError(call.res, checked);
  const prompt = checked;

  const denial = state.quotas.admit(call.projectId, model.id, countTextTokens(prompt), state.now());
  if (denial)
    return sendError(call.res, quotaExceeded(denial.kind, model.id, denial.limit, denial.retryDelayMs));

  const fault = await takeLeadingFault(state, call.res, {
    apiKey: call.apiKey,
    projectId: call.projectId,
    model: model.id,
    apiVersion: call.apiVersion,
  });
  if (fault === 'answered') return;
  const parameters = (parsed.value as PredictBody).parameters ?? {};
  if (longRunning) {
    const samples = Number(parameters.numberOfVideos ?? 1);
    return sendJson(call.res, 200, state.operations.start(model.id, call.projectId, samples));
  }

  const count = Number(parameters.sampleCount ?? 4);
  const [width, height] = dimensionsFor(
    parameters.aspectRatio === undefined ? undefined : String(parameters.aspectRatio),
    IMAGEN_SIZES[String(parameters.sampleImageSize ?? '1K')] ?? 64,
  );
  const predictions = Array.from({ length: count }, (_, i) => ({
    bytesBase64Encoded: pngImage(`${model.id}\n${prompt}\n${i}`, width, height).toString('base64'),
    mimeType: 'image/png',
  }));
  const text = `${prettyJson({ predictions })}\n`;
  // Transport faults on a whole answer, as for generateContent: half the body, then the socket
  // drops (cut) or the response ends short (halfFrame); a stall holds the body back.
  if (fault?.kind === 'cut' || fault?.kind === 'halfFrame') {
    call.res.writeHead(200, headers(JSON_TYPE));
    await writeChunk(call.res, firstHalf(text));
    if (fault.kind === 'cut') return destroySocket(call.res);
    call.res.end();
    return;
  }
  if (fault?.kind === 'stall') {
    call.res.writeHead(200, { ...headers(JSON_TYPE), 'content-length': Buffer.byteLength(text) });
    call.res.flushHeaders();
    await sleep(fault.ms, state.signal);
    if (!call.res.destroyed) call.res.end(text);
    return;
  }
  call.res.writeHead(200, { ...headers(JSON_TYPE), 'content-length': Buffer.byteLength(text) });
  call.res.end(text);
}

/**
 * GET {version}/{operation name}: the state of an operation this project started. Once done, each
 * video it names is a generated file of this project (downloadable at its URI, by this project's
 * keys only), as Veo's videos are: "stored on the server for 2 days"
 * (https://ai.google.dev/gemini-api/docs/video).
 */
export function handleOperation(state: EmulatorState, call: Call, name: string, baseUrl: string): void {
  const body = state.operations.poll(name, call.projectId, baseUrl);
  if (!body) return sendError(call.res, googleError(404, 'NOT_FOUND', `Operation not found: ${name}`));
  for (const uri of videoUris(body)) {
    const id = /\/files\/([^/:?]+):download/.exec(uri)?.[1];
    if (!id || state.files.readable(id, call.projectId).ok) continue;
    const made = state.files.create(
      call.projectId,
      'v1beta',
      { name: `files/${id}`, mimeType: 'video/mp4' },
      mp4Of(id),
    );
    if (made.ok) made.value.source = 'GENERATED';
  }
  sendJson(call.res, 200, body);
}

function videoUris(body: { response?: Record<string, unknown> }): string[] {
  const samples = (body.response?.generateVideoResponse as { generatedSamples?: unknown } | undefined)
    ?.generatedSamples;
  if (!Array.isArray(samples)) return [];
  return samples.flatMap((sample: { video?: { uri?: unknown } }) =>
    typeof sample.video?.uri === 'string' ? [sample.video.uri] : [],
  );
}

/**
 * A small MP4 of the video's own: an ISO BMFF `ftyp` box (brand isom, as Veo's MP4s are) and an
 * `mdat` box whose payload names the video, so a test can tell which video it downloaded.
 */
function mp4Of(id: string): Buffer {
  const box = (type: string, payload: Buffer) => {
    const header = Buffer.alloc(8);
    header.writeUInt32BE(8 + payload.length, 0);
    header.write(type, 4, 'latin1');
    return Buffer.concat([header, payload]);
  };
  const ftyp = box('ftyp', Buffer.from('isom\0\0\x02\0isomiso2avc1mp41', 'latin1'));
  return Buffer.concat([ftyp, box('mdat', Buffer.from(`video ${id}`, 'utf8'))]);
}
