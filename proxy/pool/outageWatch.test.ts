import { describe, expect, it } from 'vitest';
import type { NoLease } from './keyPool.js';
import { OutageWatch } from './outageWatch.js';

function watch() {
  const heard: string[] = [];
  const outages = new OutageWatch({
    onPoolDown: (model, why) => heard.push(`down ${model} ${why.kind}`),
    onPoolRecovered: (model) => heard.push(`up ${model}`),
  });
  return { outages, heard };
}

const cooling: NoLease = { kind: 'all-cooling', retryAt: 1000 };
const dead: NoLease = { kind: 'all-dead' };

describe('outage watch', () => {
  it('announces a model going down once, however many requests meet it, and coming back once', () => {
    const { outages, heard } = watch();
    outages.served('flash');
    outages.refused('flash', cooling, {});
    outages.refused('flash', cooling, {});
    outages.refused('flash', dead, {});
    expect(outages.isDown('flash')).toBe(true);
    outages.served('flash');
    outages.served('flash');
    expect(heard).toEqual(['down flash all-cooling', 'up flash']);
    outages.refused('flash', dead, {});
    expect(heard).toEqual(['down flash all-cooling', 'up flash', 'down flash all-dead']);
  });

  it('keeps each model’s outage apart', () => {
    const { outages, heard } = watch();
    outages.refused('flash', cooling, {});
    outages.served('pro');
    outages.refused('pro', dead, {});
    expect(heard).toEqual(['down flash all-cooling', 'down pro all-dead']);
  });

  it('does not take one client’s narrow policy, or one request’s exhausted options, for an outage', () => {
    const { outages, heard } = watch();
    outages.refused('flash', cooling, { allowedTiers: ['backup'] });
    outages.refused('flash', dead, { allowedAccountIds: ['acc_b'] });
    outages.refused('flash', { kind: 'all-tried' }, {});
    outages.refused('flash', { kind: 'none-allowed' }, {});
    outages.refused('flash', { kind: 'empty' }, {});
    expect(heard).toEqual([]);
    expect(outages.isDown('flash')).toBe(false);
  });

  it('announces an outage again once the model was forgotten', () => {
    const { outages, heard } = watch();
    outages.refused('typo', cooling, {});
    outages.forget('typo');
    outages.refused('typo', cooling, {});
    expect(heard).toEqual(['down typo all-cooling', 'down typo all-cooling']);
  });
});
