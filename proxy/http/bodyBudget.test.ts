import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { BodyBudget } from './bodyBudget.js';
import { readJsonBody } from './readJsonBody.js';

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the body budget', () => {
  it('lets requests in while their bytes fit, holds the next one until bytes come back, in arrival order', async () => {
    const budget = new BodyBudget(() => 100);
    const order: string[] = [];
    const a = budget.lease();
    const b = budget.lease();
    const c = budget.lease();
    const d = budget.lease();
    await a.reserve(60);
    void b.reserve(50).then(() => order.push('b'));
    void c.reserve(10).then(() => order.push('c'));
    await settle();
    // c would fit, but b came first: nobody overtakes a waiting request.
    expect(order).toEqual([]);
    expect(budget.queued).toBe(2);
    a.release();
    await settle();
    expect(order).toEqual(['b', 'c']);
    expect(budget.inUse).toBe(60);
    // A request bigger than the whole budget still goes, alone, once nothing else is held.
    void d.reserve(500).then(() => order.push('d'));
    b.release();
    c.release();
    await settle();
    expect(order).toEqual(['b', 'c', 'd']);
    d.release();
    d.release();
    expect(budget.inUse).toBe(0);
  });

  it('never makes a half-read body wait on requests that have not begun', async () => {
    const budget = new BodyBudget(() => 100);
    const streaming = budget.lease();
    await streaming.reserve(90);
    const next = budget.lease();
    let nextIn = false;
    void next.reserve(50).then(() => (nextIn = true));
    await streaming.reserve(30);
    expect(streaming.bytes).toBe(120);
    streaming.release();
    await settle();
    expect(nextIn).toBe(true);
  });

  it('holds a client’s body unread while the budget is spent, then reads it', async () => {
    const budget = new BodyBudget(() => 1000);
    const held = budget.lease();
    await held.reserve(900);
    const bodies: unknown[] = [];
    const server = http.createServer((req, res) => {
      const lease = budget.lease();
      res.once('close', () => lease.release());
      void readJsonBody(req, 10_000, lease).then((body) => {
        bodies.push(body);
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const answer = fetch(`http://127.0.0.1:${port}/`, {
        method: 'POST',
        body: JSON.stringify({ pad: 'x'.repeat(200) }),
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(bodies).toEqual([]);
      expect(budget.queued).toBe(1);
      held.release();
      expect(await (await answer).text()).toBe('ok');
      expect(bodies).toHaveLength(1);
      await settle();
      expect(budget.inUse).toBe(0);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
