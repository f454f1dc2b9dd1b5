import type { AdminFeed } from './feed.js';
import type { TrafficMeter } from './trafficMeter.js';

const TICK_MS = 1000;

/**
 * Pushes the traffic figures to open dashboards once a second while requests flow, and once more
 * when the rate falls back to zero; nothing while idle. Returns a stop function.
 */
export function startTrafficTicker(meter: TrafficMeter, feed: AdminFeed): () => void {
  let lastSent = '';
  const timer = setInterval(() => {
    if (feed.listenerCount === 0) return;
    const snapshot = meter.snapshot();
    const text = JSON.stringify(snapshot);
    if (text === lastSent) return;
    lastSent = text;
    feed.publish('traffic', snapshot);
  }, TICK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
