import type { Store } from '../store/openStore.js';
import type { SecretStore } from '../secrets/secretStore.js';
import type { Logger } from '../log/logger.js';
import type { Settings } from '../config/settings.js';
import type { EventBus } from '../events/eventBus.js';
import type { PoolKey } from '../pool/keyPool.js';
import type { KeyState } from '../store/keys.js';
import { QuotaAwarePool, type PoolHooks } from '../pool/quotaAwarePool.js';
import { GEMINI_PROVIDER } from '../store/providers.js';
import { DeadKeyRechecker } from '../keys/deadKeyRechecker.js';
import type { KeyChecker } from '../keys/checkKey.js';
import { loadPoolKeys } from './loadPoolKeys.js';
import { EVERY_MODEL } from '../pool/quotaState.js';
import type { SpendCap } from '../upstream/spendCap.js';

/** What reaching each spending limit means, in the alert's words. */
const SPEND_CAP_TEXT: Record<SpendCap, string> = {
  'project-monthly': 'reached its monthly spending cap (set in AI Studio)',
  'billing-monthly': "reached its billing account's monthly spending cap (its usage tier's)",
  prepay: 'has no prepaid credits left',
};

/** Counters reach the database this often: a crash loses at most this much of the count. */
const FLUSH_MS = 1000;

export interface PoolRuntimeOptions {
  store: Store;
  secrets: SecretStore;
  /** Re-checks dead keys, of Gemini and of other providers. */
  checker: KeyChecker;
  events: EventBus;
  logger: Logger;
  settings(): Settings;
}

export interface PoolRuntime {
  /** Gemini's pool. */
  pool: QuotaAwarePool;
  /** Each other provider's own pool, by provider name (one exists for every provider, keys or not). */
  providerPool(provider: string): QuotaAwarePool | undefined;
  /** Reads keys, limits and pool settings again (after the CLI or another process changed them). */
  reload(): Promise<void>;
  /** Every pool's standing per project and model, for the dashboard. */
  describe(): ReturnType<QuotaAwarePool['describe']>;
  /** For GatewayStatus.keys. */
  keyStatus(): { total: number; healthy: number; cooling: number; disabled: number };
  /** The keys loaded into the pools (active keys of active accounts, every provider's), by id. */
  keys(): ReadonlyMap<string, PoolKey>;
  /** Saves counters and stops the timers; call before closing the store. */
  close(): Promise<void>;
}

/**
 * The key pools as the running gateway has them: loaded from the store, their verdicts written back
 * (dead keys, cooldowns, counters), announced on the event bus, and their dead keys re-checked.
 *
 * Gemini has one pool and every other provider one of its own: a pool's table, model books and
 * outage watch are about projects and models, and keeping providers apart means a 429 from one
 * never cools another's keys, "no key can serve" is said per provider, and Gemini's hot path picks
 * a key without filtering out keys that are not Gemini's.
 */
export async function startPoolRuntime(options: PoolRuntimeOptions): Promise<PoolRuntime> {
  const { store, secrets, events, logger } = options;
  const { poolState, poolLimits } = store;
  const projectLabel = (projectId: string) => {
    const project = store.projects.get(projectId);
    return project ? `${project.label} (${projectId})` : projectId;
  };

  /** The pool's verdicts, announced in the words of its provider. */
  const hooksFor = (provider: string): PoolHooks => {
    const who = provider === GEMINI_PROVIDER ? 'Gemini' : provider;
    return {
      onKeyDead(key, reason, quarantined) {
        store.keys.setState(key.keyId, 'dead', reason);
        lastStates.set(key.keyId, 'dead');
        logger.warn({ keyId: key.keyId, reason, quarantined }, 'key disabled');
        events.emit(
          quarantined
            ? {
                type: 'key.quarantined',
                severity: 'error',
                title: `A ${who} key was suspended`,
                message: `Key ${key.keyId} (${key.masked}) was suspended by ${who} (${reason}): it is quarantined and no longer used, and gemgate does not try it again by itself. Appeal to Google if you believe it is a mistake; \`gemgate keys check ${key.keyId}\` puts it back once it works.`,
                keyId: key.keyId,
                projectId: key.projectId,
              }
            : {
                type: 'key.disabled',
                severity: 'error',
                title: `A ${who} key was disabled`,
                message: `Key ${key.keyId} (${key.masked}) was refused by ${who} (${reason}) and is no longer used.`,
                keyId: key.keyId,
                projectId: key.projectId,
              },
        );
      },
      onSpendCapped(project, cap, first) {
        const until = new Date(project.capUntil).toISOString();
        poolState.saveCooldown({
          projectId: project.id,
          model: EVERY_MODEL,
          until: project.capUntil,
          scope: 'spend',
          quotaId: cap,
        });
        logger.warn({ projectId: project.id, cap, until }, 'project stopped by a spending limit');
        if (!first) return;
        events.emit({
          type: 'project.spendCapped',
          severity: 'warning',
          title: 'A project reached its spending limit',
          message: `Project ${projectLabel(project.id)} ${SPEND_CAP_TEXT[cap]}; it is not used for any model until ${until}. If you raise the cap or add credits sooner, run \`gemgate limits resume --project ${project.id}\`.`,
          projectId: project.id,
        });
      },
      onLearned(limits) {
        store.learnedLimits.save(limits);
        for (const limit of limits) {
          logger.info(
            {
              projectId: limit.projectId,
              model: limit.model,
              field: limit.field,
              value: limit.value,
              tier: limit.tier,
            },
            'limit learned from Gemini',
          );
        }
      },
      onCooldown(state) {
        const until = new Date(state.coolUntil).toISOString();
        poolState.saveCooldown({
          projectId: state.projectId,
          model: state.model,
          until: state.coolUntil,
          scope: state.coolScope,
          quotaId: state.quotaId,
        });
        logger.info(
          {
            projectId: state.projectId,
            model: state.model,
            until,
            scope: state.coolScope,
            quotaId: state.quotaId,
          },
          'project cooling down',
        );
        if (state.coolScope !== 'day') return;
        events.emit({
          type: 'project.exhausted',
          severity: 'warning',
          title: 'A project used up its daily quota',
          message: `Project ${projectLabel(state.projectId)} reached its daily limit for ${state.model} (${who} said so); it is not used for that model until ${until}.`,
          projectId: state.projectId,
          model: state.model,
        });
      },
      onDayExhausted(state) {
        const until = new Date(state.dayEnd).toISOString();
        logger.info({ projectId: state.projectId, model: state.model, until }, 'project at its daily limit');
        events.emit({
          type: 'project.exhausted',
          severity: 'warning',
          title: 'A project used up its daily quota',
          message: `Project ${projectLabel(state.projectId)} used its ${state.limits.rpd} requests per day for ${state.model}; it is not used for that model until ${until} (midnight Pacific).`,
          projectId: state.projectId,
          model: state.model,
        });
      },
      onPoolDown(model, why) {
        const reason =
          why.kind === 'all-cooling'
            ? `every project is rate-limited for ${model} until ${new Date(why.retryAt).toISOString()}`
            : 'every key is disabled';
        logger.error({ model, why: why.kind }, 'no key can serve');
        events.emit({
          type: 'pool.down',
          severity: 'error',
          title: `No ${who} key can serve`,
          message: `Requests for ${model} fail: ${reason}.`,
          model,
        });
      },
      onPoolRecovered(model) {
        logger.info({ model }, 'pool serves again');
        events.emit({
          type: 'pool.recovered',
          severity: 'info',
          title: `${who} keys serve again`,
          message: `Requests for ${model} are served again.`,
          model,
        });
      },
    };
  };
  const pool = new QuotaAwarePool(hooksFor(GEMINI_PROVIDER));
  const providerPools = new Map<string, QuotaAwarePool>();
  const allPools = () => [pool, ...providerPools.values()];

  let lastStates = new Map<string, KeyState>();
  let known = new Map<string, PoolKey>();
  const reload = async () => {
    const settings = options.settings();
    // Pools of providers added since are made, of providers removed since dropped.
    const names = new Set(store.providers.list().map((provider) => provider.name));
    for (const name of providerPools.keys()) if (!names.has(name)) providerPools.delete(name);
    for (const name of names) {
      if (!providerPools.has(name)) providerPools.set(name, new QuotaAwarePool(hooksFor(name)));
    }
    const limits = poolLimits.list();
    const learned = store.learnedLimits.list();
    for (const each of allPools()) {
      each.configure({ strategy: settings['pool.strategy'], stickiness: settings['pool.stickiness'] });
      each.setLimits(limits);
      each.loadLearned(learned);
    }
    const records = store.keys.list();
    const keys = await loadPoolKeys(store, secrets, logger, known);
    known = new Map(keys.map((key) => [key.keyId, key]));
    const providerOf = (provider: string | undefined) => provider ?? GEMINI_PROVIDER;
    const load = (target: QuotaAwarePool, provider: string) => {
      const usable = keys.filter((key) => providerOf(key.provider) === provider);
      const all = records.filter((record) => record.provider === provider).length;
      target.load(usable, all - usable.length);
    };
    load(pool, GEMINI_PROVIDER);
    for (const [name, each] of providerPools) load(each, name);
    // Spending limits as saved: `gemgate limits resume` in another process lifts one.
    const cooldowns = poolState.cooldowns();
    for (const each of allPools()) each.syncSpendCaps(cooldowns);
    const states = new Map(records.map((record) => [record.id, record.state]));
    for (const record of records) {
      if (lastStates.get(record.id) !== 'dead' || record.state !== 'active') continue;
      events.emit({
        type: 'key.recovered',
        severity: 'info',
        title: 'A Gemini key works again',
        message: `Key ${record.id} (${record.masked}) passed its check and is back in the pool.`,
        keyId: record.id,
        projectId: record.projectId,
      });
    }
    lastStates = states;
  };

  await reload();
  // Each pool takes the rows of its own projects and ignores the others.
  const cooldowns = poolState.cooldowns();
  const counters = poolState.counters();
  for (const each of allPools()) each.restore(cooldowns, counters);

  const flush = () => {
    // startGateway closes the store itself when it fails after this point: stop quietly then.
    if (!store.db.open) {
      void stop();
      return;
    }
    try {
      poolState.saveCounters(allPools().flatMap((each) => each.takeDirty()));
    } catch (error) {
      logger.error({ err: error }, 'could not save pool counters');
    }
  };
  let flushes = 0;
  const flusher = setInterval(() => {
    flush();
    if (++flushes % 60 === 0) poolState.pruneCooldowns();
  }, FLUSH_MS);
  flusher.unref();

  const rechecker = new DeadKeyRechecker({
    store,
    checker: options.checker,
    logger,
    intervalMs: () => options.settings()['pool.recheckIntervalMs'],
    onRevived: () => {
      reload().catch((error: unknown) => logger.error({ err: error }, 'could not reload keys'));
    },
  });
  rechecker.start();
  const stop = () => {
    clearInterval(flusher);
    return rechecker.stop();
  };

  return {
    pool,
    providerPool: (provider) => providerPools.get(provider),
    describe: () => allPools().flatMap((each) => each.describe()),
    reload,
    keys: () => known,
    keyStatus() {
      const records = store.keys.list();
      let usable = 0;
      let cooling = 0;
      for (const each of allPools()) {
        const counts = each.keyCounts();
        usable += counts.usable;
        cooling += counts.cooling;
      }
      return {
        total: records.length,
        healthy: usable - cooling,
        cooling,
        disabled: records.filter((record) => record.state !== 'active').length,
      };
    },
    async close() {
      await stop();
      flush();
    },
  };
}
