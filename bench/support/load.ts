import { Agent, request } from 'undici';

/** One kind of request, as a client sends it to one target. */
export interface Shot {
  path: string;
  headers: Record<string, string>;
  body: string;
  /**
   * For streams: the pattern that marks the first visible token in the body (time to first token is
   * measured up to the read that completes it). Undefined for whole answers.
   */
  firstToken?: RegExp;
}

export interface LoadResult {
  /** Whole answers: request sent to last byte read. Streams: request sent to first token. */
  latencies: number[];
  /** Request sent to last byte read, for every request. */
  totals: number[];
  wallMs: number;
  bytes: number;
}

/** How far back a marker may start in the previous read (a token split across two TCP reads). */
const CARRY = 32;

/**
 * A closed-loop load generator: `concurrency` workers, each sending its next request as soon as the
 * previous one is fully read, over keep-alive connections (one undici Agent per run, like a client
 * SDK). Any status other than 200 aborts the run: a benchmark of error pages is worth nothing.
 */
export async function runLoad(
  origin: string,
  shot: Shot,
  options: { count: number; concurrency: number },
): Promise<LoadResult> {
  const agent = new Agent({ connections: options.concurrency, keepAliveTimeout: 30_000, pipelining: 1 });
  const latencies: number[] = new Array<number>(options.count);
  const totals: number[] = new Array<number>(options.count);
  let next = 0;
  let bytes = 0;
  const url = new URL(shot.path, origin).toString();

  const one = async (index: number) => {
    const started = performance.now();
    const response = await request(url, {
      method: 'POST',
      headers: shot.headers,
      body: shot.body,
      dispatcher: agent,
    });
    if (response.statusCode !== 200) {
      const text = await response.body.text();
      throw new Error(`${url} answered ${response.statusCode}: ${text.slice(0, 300)}`);
    }
    let firstToken: number | undefined;
    let carry = '';
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (shot.firstToken && firstToken === undefined) {
        const text = carry + chunk.toString('utf8');
        if (shot.firstToken.test(text)) firstToken = performance.now();
        else carry = text.slice(-CARRY);
      }
    }
    const ended = performance.now();
    if (shot.firstToken && firstToken === undefined) throw new Error(`${url}: the stream held no token`);
    totals[index] = ended - started;
    latencies[index] = (firstToken ?? ended) - started;
  };

  const wallStarted = performance.now();
  try {
    await Promise.all(
      Array.from({ length: Math.min(options.concurrency, options.count) }, async () => {
        while (next < options.count) await one(next++);
      }),
    );
  } finally {
    await agent.close();
  }
  return { latencies, totals, wallMs: performance.now() - wallStarted, bytes };
}
