import { describe, expect, it } from 'vitest';
import type { Response } from 'express';
import { claimedByBody, RequestTrace } from './requestTrace.js';
import { GatewayError } from './gatewayError.js';
import { PoolUnavailable } from '../failures/failures.js';
import type { UsageEntry } from '../usage/usageEntry.js';

/** A trace over a response that has sent nothing yet, and the rows it reports. */
function traced(body?: unknown) {
  const rows: UsageEntry[] = [];
  const res = {
    locals: { client: { id: 'tok_1' } },
    headersSent: false,
    statusCode: 200,
    ...(body === undefined ? {} : { req: { body } }),
  } as unknown as Response;
  const trace = RequestTrace.ofClient({ record: (row) => rows.push(row) }, res, {
    dialect: 'openai',
    endpoint: 'chat.completions',
  });
  return { trace, rows };
}

describe('RequestTrace: every request is logged once, in the phase it ended in', () => {
  it('starts with the client of the verified token, no model yet, not streamed', () => {
    const { trace, rows } = traced();
    trace.ok();
    expect(rows).toMatchObject([{ clientId: 'tok_1', model: null, stream: false, outcome: 'ok' }]);
  });

  it('a request refused while admitted is a rejection with its client status, and the error goes on', () => {
    const { trace, rows } = traced();
    const refusal = new GatewayError(400, 'messages is required');
    expect(() =>
      trace.admitting(() => {
        throw refusal;
      }),
    ).toThrow(refusal);
    expect(rows).toMatchObject([{ outcome: 'rejected', status: 400 }]);
  });

  it('an admission that is async is judged the same way, and one that passes hands back its value', async () => {
    const { trace, rows } = traced();
    await expect(
      trace.admitting(async () => Promise.reject(new GatewayError(404, 'no such response'))),
    ).rejects.toThrow('no such response');
    expect(rows).toMatchObject([{ outcome: 'rejected', status: 404 }]);
    expect(traced().trace.admitting(() => ({ model: 'gemini-2.5-flash' }))).toEqual({
      model: 'gemini-2.5-flash',
    });
  });

  it('a request that fails while served is a failure, with the status the client gets', async () => {
    const { trace, rows } = traced();
    const retryAt = Date.now() + 30_000;
    await expect(
      trace.serving(async () => {
        throw new PoolUnavailable('all-cooling', 'gemini-2.5-flash', retryAt);
      }),
    ).rejects.toBeInstanceOf(PoolUnavailable);
    expect(rows).toMatchObject([{ outcome: 'failed', status: 429 }]);
  });

  it('reports once however many ends are called', async () => {
    const { trace, rows } = traced();
    await trace.serving(async () => trace.ok());
    trace.failed(new Error('late'));
    expect(rows).toHaveLength(1);
  });

  it('a request refused by validation is logged with the model and stream flag its body named', () => {
    const { trace, rows } = traced({ model: 'models/gemini-2.5-flash', stream: true, temprature: 3 });
    expect(() =>
      trace.admitting(() => {
        throw new GatewayError(400, "Unknown parameter: 'temprature'.");
      }),
    ).toThrow();
    expect(rows).toMatchObject([
      { outcome: 'rejected', status: 400, model: 'gemini-2.5-flash', stream: true },
    ]);
  });
});

describe('claimedByBody: what an unvalidated body says, and nothing it does not', () => {
  it.each([
    [
      { model: 'gemini-2.5-flash', stream: true },
      { model: 'gemini-2.5-flash', stream: true },
    ],
    [{ model: ' models/gemini-3-pro-preview ' }, { model: 'gemini-3-pro-preview', stream: false }],
    [
      { model: 'dashscope/qwen-max', stream: 'yes' },
      { model: 'dashscope/qwen-max', stream: false },
    ],
    [
      { model: 42, stream: true },
      { model: null, stream: true },
    ],
    [{ model: '' }, { model: null, stream: false }],
    [{ model: 'x'.repeat(201) }, { model: null, stream: false }],
    [[{ model: 'gemini-2.5-flash' }], { model: null, stream: false }],
    ['gemini-2.5-flash', { model: null, stream: false }],
    [null, { model: null, stream: false }],
    [undefined, { model: null, stream: false }],
  ])('%j claims %j', (body, claimed) => {
    expect(claimedByBody(body)).toEqual(claimed);
  });
});
