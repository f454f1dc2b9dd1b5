import type { ServerResponse } from 'node:http';
import type { GoogleErrorBody } from '../../proxy/gemini/types.js';
import { type Call, type EmulatorState, parseJsonBody } from './context.js';
import { modelNotFound, modelRetired, quotaExceeded } from './errors.js';
import { type Frame, streamFrames, wholeResponse } from './frames.js';
import { findModel, isRetired, supports } from './models.js';
import { type Plan, planAnswer } from './plan.js';
import { codePointLength } from './text.js';
import { tallyRequest } from './tokens.js';
import type { Fault } from './types.js';
import { faultPosition, takeLeadingFault } from './faults.js';
import { openStream, paceLikeStream, playFrames } from './play-frames.js';
import { checkGenerateRequest, normalizeGenerateRequest } from './validate.js';
import { checkMediaRequest } from './media-answer.js';
import {
  JSON_TYPE,
  prettyJson,
  sendError,
  sendJson,
  sendWholeUnderFault,
  SSE_TYPE,
  writeChunk,
} from './wire.js';

/**
 * generateContent and streamGenerateContent: auth is already done; here come the model check, body
 * validation, quota, then one fault (if any is queued for this key and model), then the answer.
 */
export async function handleGenerate(state: EmulatorState, call: Call, stream: boolean): Promise<void> {
  const sse = call.query.get('alt') === 'sse';
  const fail = (body: GoogleErrorBody): void => sendError(call.res, body, stream && !sse);
  const model = findModel(call.modelId);
  if (isRetired(call.modelId)) return fail(modelRetired(call.modelId.replace(/^models\//, '')));
  if (!model || !supports(model, 'generateContent')) {
    return fail(
      modelNotFound(call.modelId, call.apiVersion, stream ? 'StreamGenerateContent' : 'generateContent'),
    );
  }
  const parsed = parseJsonBody(call.rawBody);
  if (!parsed.ok) return fail(parsed.error);
  const normalized = normalizeGenerateRequest(parsed.value);
  if (!normalized.ok) return fail(normalized.error);
  const req = normalized.value;
  const invalid = checkGenerateRequest(req, model, call.projectId) ?? checkMediaRequest(req, model);
  if (invalid) return fail(invalid);
  const notYours =
    state.files.refusal(req, call.projectId) ?? state.caches.refusal(req, call.projectId, model.id);
  if (notYours) return fail(notYours);

  const denial = state.quotas.admit(call.projectId, model.id, tallyRequest(req).total, state.now());
  if (denial) return fail(quotaExceeded(denial.kind, model.id, denial.limit, denial.retryDelayMs));

  const fault = await takeLeadingFault(
    state,
    call.res,
    { apiKey: call.apiKey, projectId: call.projectId, model: model.id, apiVersion: call.apiVersion },
    (body) => (stream && !sse ? [body] : body),
  );
  if (fault === 'answered') return;
  const plan = planAnswer({ req, model, projectId: call.projectId, book: state.answers, fault });
  const responseId = state.nextResponseId();
  if (stream) await sendStream(state, call.res, plan, fault, sse, responseId);
  else await sendWhole(state, call.res, plan, fault, responseId);
}

/** A fault placed after N characters strikes before the first frame that would go past N. */
/**
 * Whether a fault at `position` visible characters strikes before this frame. A function-call frame
 * adds no characters, so a fault at the end of the text lands after the calls and before the finish:
 * that is how "cut right after a tool call" is played.
 */
function strikesBefore(frame: Frame, position: number, fault: Fault): boolean {
  // Counted in image or audio parts instead: the fault falls between two of them.
  const afterMedia = 'afterMediaParts' in fault ? fault.afterMediaParts : undefined;
  if (afterMedia !== undefined)
    return frame.kind === 'final' || (frame.kind === 'media' && frame.mediaBefore >= afterMedia);
  if (frame.kind === 'thought' || frame.kind === 'tools') return false;
  return (frame.kind !== 'text' && frame.kind !== 'calls') || frame.visibleAfter > position;
}

async function sendStream(
  state: EmulatorState,
  res: ServerResponse,
  plan: Plan,
  fault: Fault | undefined,
  sse: boolean,
  responseId: string,
): Promise<void> {
  const position = faultPosition(fault, codePointLength(plan.text));
  const total = codePointLength(plan.text);
  const frames = streamFrames(plan, {
    chunkChars: state.chunkChars,
    responseId,
    ...(position === undefined ? {} : { breakAt: position }),
    // A fault at the very end must fall before the finish, so the finish gets a frame of its own.
    mergeFinish: position === undefined || position < total,
    ...(fault?.kind === 'finish' ? { finishOverride: fault.finishReason } : {}),
  });
  // SSE frames as Gemini writes them ("data: {json}\r\n\r\n", no [DONE]); without alt=sse, a JSON array
  // written element by element: "[{…}\n", ",\r\n{…}\n", …, "]".
  const encode = (frame: Frame, i: number): string =>
    sse
      ? `data: ${JSON.stringify(frame.body)}\r\n\r\n`
      : `${i === 0 ? '[' : ',\r\n'}${prettyJson(frame.body)}\n`;

  openStream(res, sse ? SSE_TYPE : JSON_TYPE);
  const played = await playFrames(
    state,
    res,
    frames,
    fault?.kind === 'finish' ? undefined : fault,
    position,
    {
      encode,
      strikesBefore: (frame, at) => strikesBefore(frame, at, fault!),
      closeEarly: (i) => (sse ? '' : i === 0 ? '[]' : ']'),
    },
  );
  if (!played.finished) return;
  if (!sse) await writeChunk(res, ']');
  res.end();
}

async function sendWhole(
  state: EmulatorState,
  res: ServerResponse,
  plan: Plan,
  fault: Fault | undefined,
  responseId: string,
): Promise<void> {
  const position = faultPosition(fault, codePointLength(plan.text));
  const body = `${prettyJson(wholeResponse(plan, { responseId }))}\n`;
  if (await sendWholeUnderFault(res, body, fault, state.signal)) return;
  switch (fault?.kind) {
    case 'endWithoutFinish':
      return sendJson(
        res,
        200,
        wholeResponse(plan, { responseId, truncateAt: position, finishReason: null }),
      );
    case 'finish':
      return sendJson(
        res,
        200,
        wholeResponse(plan, { responseId, truncateAt: position, finishReason: fault.finishReason }),
      );
    default: {
      // As late as the same answer streamed would end: one pause between each two of its frames.
      const frames = streamFrames(plan, { chunkChars: state.chunkChars, responseId, mergeFinish: true });
      await paceLikeStream(state, res, frames.length - 1);
      if (res.destroyed) return;
      return sendJson(res, 200, wholeResponse(plan, { responseId }));
    }
  }
}
