import { describe, expect, it } from 'vitest';
import type { Response } from 'express';
import { RequestTrace } from './requestTrace.js';
import { GatewayError } from './gatewayError.js';
import { PoolUnavailable } from '../failures/failures.js';
import type { UsageEntry } from '../usage/usageEntry.js';

/** A trace over a response that has sent nothing yet, and the rows it reports. */
function traced() {
  const rows: UsageEntry[] = [];
  const res = {
    locals: { client: { id: 'tok_1' } },
    headersSent: false,
    statusCode: 200,
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
});
