import { describe, expect, it } from 'vitest';
import { TrafficMeter } from './trafficMeter.js';

describe('TrafficMeter', () => {
  it('averages the last ten seconds and forgets what is older than a minute', () => {
    let now = 1_000_000;
    const meter = new TrafficMeter(() => now);
    for (let i = 0; i < 20; i++) meter.record(true);
    meter.record(false);
    expect(meter.snapshot()).toEqual({
      requestsPerSecond: 2.1,
      requestsLastMinute: 21,
      requestsTotal: 21,
      errorsLastMinute: 1,
    });
    now += 15_000;
    expect(meter.snapshot()).toMatchObject({ requestsPerSecond: 0, requestsLastMinute: 21 });
    now += 60_000;
    expect(meter.snapshot()).toEqual({
      requestsPerSecond: 0,
      requestsLastMinute: 0,
      requestsTotal: 21,
      errorsLastMinute: 0,
    });
  });
});
