import type { Store } from '../store/openStore.js';
import type { KeyRecord } from '../store/keys.js';
import type { Logger } from '../log/logger.js';
import type { KeyChecker } from './checkKey.js';
import { QUARANTINE_REASONS } from '../upstream/classifyOutcome.js';

/** Never look for due keys less often than this, so a short interval set later takes effect soon. */
const MAX_TICK_MS = 60_000;

export interface RecheckerOptions {
  store: Pick<Store, 'keys'>;
  /** Asks each key's provider (Gemini or another) whether it works again. */
  checker: Pick<KeyChecker, 'check'>;
  logger: Logger;
  /** How long after its last check (or its death) a dead key is checked again; read on every tick. */
  intervalMs(): number;
  /** Keys that passed and are active again. */
  onRevived(keys: KeyRecord[]): void;
  now?: () => number;
}

/**
 * Gives keys their provider refused a second chance at a slow pace (a suspension can be lifted, an API
 * re-enabled): each dead key is checked with a models.list call, which uses no generation quota,
 * and revived when it passes. Keys the user disabled by hand are left alone, and so are keys Google
 * suspended (quarantined: its consumer suspended, or the terms of service): only an appeal lifts
 * that, and the user checks the key by hand afterwards (`gemgate keys check ID`).
 */
export class DeadKeyRechecker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: RecheckerOptions) {}

  start(): void {
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Checks every dead key that is due; resolves when done. */
  async runOnce(): Promise<void> {
    const { store, checker, logger } = this.options;
    const now = (this.options.now ?? Date.now)();
    const interval = this.options.intervalMs();
    const due = store.keys
      .list()
      .filter(
        (key) =>
          key.state === 'dead' &&
          !QUARANTINE_REASONS.includes(key.stateReason ?? '') &&
          (key.lastCheckedAt ?? key.stateSince ?? 0) + interval <= now,
      );
    const revived: KeyRecord[] = [];
    for (const key of due) {
      if (this.stopped) break;
      try {
        const result = await checker.check(key);
        logger.info({ keyId: key.id, verdict: result.verdict }, 'dead key re-checked');
        if (result.state === 'active') revived.push(key);
      } catch (error) {
        logger.warn({ err: error, keyId: key.id }, 'dead key re-check failed');
      }
    }
    if (revived.length > 0) this.options.onRevived(revived);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(
      () => {
        this.running = this.runOnce()
          .catch((error: unknown) => this.options.logger.error({ err: error }, 'dead key re-check failed'))
          .finally(() => {
            this.running = undefined;
            this.schedule();
          });
      },
      Math.min(this.options.intervalMs(), MAX_TICK_MS),
    );
    this.timer.unref();
  }
}
