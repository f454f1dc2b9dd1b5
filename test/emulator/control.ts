import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseJsonBody } from './context.js';
import type { Emulator, Fault, FaultFilter, KeyState, QuotaLimits, ScriptedAnswer } from './types.js';
import { sendJson } from './wire.js';

/**
 * Control endpoints for driving a hand-started emulator with curl (off unless `control: true`):
 *   POST /__emulator/keys                     → {"key": "AIza…"}      a fresh valid key
 *   POST /__emulator/key-state   {key, state}                        valid | invalid | suspended | …
 *   POST /__emulator/project     {key, projectId}
 *   POST /__emulator/quota       {projectId?, model?, rpm?, rpd?, tpm?}
 *   POST /__emulator/answer      {prompt, answer}                    answer: a ScriptedAnswer
 *   POST /__emulator/fault       {fault, filter?}                    fault: a Fault literal
 *   POST /__emulator/reset
 *   GET  /__emulator/requests                                        the recorded requests
 *   GET  /__emulator/expected?prompt=…                               → {"text": …}
 */
export function handleControl(
  emulator: Emulator,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  rawBody: Buffer,
): void {
  const parsed = parseJsonBody(rawBody);
  const body = (parsed.ok ? parsed.value : {}) as Record<string, unknown>;
  const route = `${req.method ?? 'GET'} ${url.pathname}`;
  switch (route) {
    case 'POST /__emulator/keys':
      return sendJson(res, 200, { key: emulator.newKey() });
    case 'POST /__emulator/key-state':
      emulator.setKeyState(String(body.key), body.state as KeyState);
      return sendJson(res, 200, {});
    case 'POST /__emulator/project':
      emulator.setProject(String(body.key), String(body.projectId));
      return sendJson(res, 200, {});
    case 'POST /__emulator/quota':
      emulator.setQuota(body as QuotaLimits);
      return sendJson(res, 200, {});
    case 'POST /__emulator/answer':
      emulator.setAnswer(String(body.prompt), body.answer as ScriptedAnswer);
      return sendJson(res, 200, {});
    case 'POST /__emulator/fault':
      emulator.injectFault(body.fault as Fault, body.filter as FaultFilter | undefined);
      return sendJson(res, 200, { pending: emulator.pendingFaults() });
    case 'POST /__emulator/reset':
      emulator.reset();
      return sendJson(res, 200, {});
    case 'GET /__emulator/requests':
      return sendJson(res, 200, emulator.requests);
    case 'GET /__emulator/expected':
      return sendJson(res, 200, { text: emulator.expectedText(url.searchParams.get('prompt') ?? '') });
    default:
      return sendJson(res, 404, {
        error: { code: 404, message: `No control endpoint ${route}`, status: 'NOT_FOUND' },
      });
  }
}
