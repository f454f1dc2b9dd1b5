import type { QuotaSource } from './adminContext.js';
import type { ModelQuotaView, QuotaMeter } from './contract.js';
import type { QuotaAwarePool } from '../../pool/quotaAwarePool.js';
import { MINUTE_MS } from '../../pool/quotaState.js';
import { nextPacificMidnight } from '../../pool/pacificTime.js';
import type { ResolvedLimit } from '../../pool/limits.js';

type Standing = ReturnType<QuotaAwarePool['describe']>[number];

/**
 * The pool's per-project, per-model counters as quota bars: used against the limit (our count of
 * requests and tokens this clock minute and Pacific day) and where that limit comes from (default,
 * the user's rule, or learned from Google), when each window restarts, and any cooldown Gemini asked
 * for (a spending limit's included). One `describe()` serves a whole accounts listing.
 */
export function poolQuotaSource(pool: Pick<QuotaAwarePool, 'describe'>): QuotaSource {
  let cachedAt = -1;
  let byProject = new Map<string, Standing[]>();
  const standings = (now: number) => {
    // The accounts listing asks once per project within one request: read the pool once.
    if (now !== cachedAt) {
      cachedAt = now;
      byProject = new Map();
      for (const standing of pool.describe()) {
        const list = byProject.get(standing.projectId) ?? [];
        list.push(standing);
        byProject.set(standing.projectId, list);
      }
    }
    return byProject;
  };
  return {
    forProject(projectId, now) {
      const minuteEnd = now - (now % MINUTE_MS) + MINUTE_MS;
      const dayEnd = nextPacificMidnight(now);
      return (standings(now).get(projectId) ?? [])
        .map((standing): ModelQuotaView => ({
          model: standing.model,
          rpm: meter(standing.minuteRequests, standing.sources.rpm, minuteEnd),
          rpd: meter(standing.dayRequests, standing.sources.rpd, dayEnd),
          tpm: meter(standing.minuteTokens, standing.sources.tpm, minuteEnd),
          cooldownUntil: standing.coolingUntil,
          cooldownScope: standing.coolScope,
          atLimitUntil: standing.atLimitUntil,
        }))
        .sort((a, b) => a.model.localeCompare(b.model));
    },
    coolingUntil(projectId, now) {
      let latest: number | null = null;
      for (const standing of standings(now).get(projectId) ?? []) {
        if (standing.coolingUntil !== null && standing.coolingUntil > (latest ?? 0))
          latest = standing.coolingUntil;
      }
      return latest;
    },
  };
}

function meter(used: number, limit: ResolvedLimit, resetsAt: number): QuotaMeter {
  return {
    used,
    limit: Number.isFinite(limit.value) ? limit.value : null,
    resetsAt,
    source: limit.source,
    learnedAt: limit.learnedAt ?? null,
    tier: limit.source === 'learned' ? (limit.tier ?? null) : null,
  };
}
