import type { Store } from '../store/openStore.js';
import type { Project } from '../store/projects.js';
import {
  isModelPattern,
  LIMIT_FIELDS,
  LimitBook,
  type LimitField,
  type LimitOverride,
  type QuotaLimits,
  type ResolvedLimit,
} from '../pool/limits.js';
import { LearnedLimits } from '../pool/learnedLimits.js';
import { FREE_TIER_DEFAULTS } from '../pool/freeTierDefaults.js';
import { EVERY_MODEL } from '../pool/quotaState.js';
import { PacificDayClock } from '../pool/pacificTime.js';
import { MINUTE_MS } from '../pool/quotaState.js';
import { InputError } from '../failures/inputError.js';

export interface LimitChange {
  model: string;
  /** A project id (prj_…), a Google Cloud project id, or the id of a key (its project). Absent: every project. */
  project?: string;
  rpm?: string;
  tpm?: string;
  rpd?: string;
}

export interface LimitRule {
  /** `override`: the user's rule; `learned`: what Google stated in a 429 for that project and model. */
  source: 'default' | 'override' | 'learned';
  projectId: string | null;
  project: string | null;
  model: string;
  rpm: number | null;
  tpm: number | null;
  rpd: number | null;
  /** Learned limits: when the latest of them was stated, and the tier its quota id named. */
  learnedAt?: number;
  tier?: string | null;
}

export interface ProjectStanding {
  projectId: string;
  project: string;
  account: string;
  limits: QuotaLimits;
  /** Where each limit in force comes from. */
  sources: Record<LimitField, ResolvedLimit>;
  minuteRequests: number;
  dayRequests: number;
  /** Until when a 429 for this model, or a spending limit for every model, keeps the project out. */
  coolingUntil: number | null;
}

/** "30", "unlimited" (no limit), "default" (inherit from the less specific rule). */
export function parseLimitValue(field: LimitField, raw: string): number | null {
  const value = raw.trim().toLowerCase();
  if (value === 'unlimited') return Infinity;
  if (value === 'default') return null;
  if (!/^\d{1,12}$/.test(value) || Number(value) < 1) {
    throw new InputError(
      `--${field} must be a whole number of at least 1, "unlimited" or "default" (inherit); got "${raw}". Nothing was changed.`,
    );
  }
  return Number(value);
}

/** A model id or pattern as the user typed it ("models/" prefix allowed), or an error. */
export function parseModelPattern(raw: string): string {
  const model = raw.trim().replace(/^models\//, '');
  if (!isModelPattern(model)) {
    throw new InputError(
      `"${raw}" is not a model: give a model id (gemini-2.5-flash), a family ending in * (gemini-2.5-*), or * for every model. Nothing was changed.`,
    );
  }
  return model;
}

/** Viewing and changing quota limits: the built-in free-tier defaults and the user's overrides. */
export class LimitsAdmin {
  private readonly limits: Store['poolLimits'];

  constructor(private readonly store: Store) {
    this.limits = store.poolLimits;
  }

  /** Sets the given fields of the rule for (project, model); fields not given keep their value. */
  set(change: LimitChange): LimitOverride {
    const model = parseModelPattern(change.model);
    const project = change.project === undefined ? null : this.resolveProject(change.project);
    const given = LIMIT_FIELDS.filter((field) => change[field] !== undefined);
    if (given.length === 0) {
      throw new InputError('Nothing to set: give --rpm, --tpm and/or --rpd. Nothing was changed.');
    }
    const parsed = Object.fromEntries(given.map((field) => [field, parseLimitValue(field, change[field]!)]));
    const existing = this.limits.get(project?.id ?? null, model);
    const rule: LimitOverride = {
      projectId: project?.id ?? null,
      model,
      rpm: existing?.rpm ?? null,
      tpm: existing?.tpm ?? null,
      rpd: existing?.rpd ?? null,
      ...parsed,
    };
    this.limits.put(rule);
    return rule;
  }

  /** Removes the user's rule for (project, model), back to what the less specific rules say. */
  reset(change: Pick<LimitChange, 'model' | 'project'>): void {
    const model = parseModelPattern(change.model);
    const project = change.project === undefined ? null : this.resolveProject(change.project);
    if (!this.limits.remove(project?.id ?? null, model)) {
      throw new InputError(
        `There is no rule for ${model}${project ? ` on project ${project.label}` : ' for every project'} to reset.`,
      );
    }
  }

  /**
   * Lifts a project's spending limit early (the user raised the cap or bought credits): a running
   * gateway uses the project again within a second.
   */
  resume(projectRef: string): Project {
    const project = this.resolveProject(projectRef);
    if (!this.store.poolState.removeSpendCap(project.id)) {
      throw new InputError(
        `Project ${project.label} is not stopped by a spending limit. Nothing was changed.`,
      );
    }
    return project;
  }

  /**
   * Forgets the limits learned from Google for a project (or every project) and model (or every
   * model), say after the project moved to a paid tier: the defaults and rules apply until the
   * next 429 says otherwise. Answers how many were forgotten.
   */
  forget(change: Partial<Pick<LimitChange, 'model' | 'project'>>): number {
    const model = change.model === undefined ? undefined : parseModelPattern(change.model);
    const project = change.project === undefined ? null : this.resolveProject(change.project);
    return this.store.learnedLimits.forget(project?.id ?? null, model);
  }

  /** Built-in defaults, then the user's rules, then the limits learned from Google. */
  rules(): LimitRule[] {
    const defaults: LimitRule[] = FREE_TIER_DEFAULTS.map((entry) => ({
      source: 'default',
      projectId: null,
      project: null,
      model: entry.family,
      rpm: entry.rpm,
      tpm: entry.tpm,
      rpd: entry.rpd,
    }));
    const overrides: LimitRule[] = this.limits.list().map((rule) => ({
      source: 'override',
      ...rule,
      project:
        rule.projectId === null ? null : (this.store.projects.get(rule.projectId)?.label ?? rule.projectId),
    }));
    const learned = new Map<string, LimitRule>();
    for (const limit of this.store.learnedLimits.list()) {
      const key = `${limit.projectId}\u0000${limit.model}`;
      const rule = learned.get(key) ?? {
        source: 'learned',
        projectId: limit.projectId,
        project: this.store.projects.get(limit.projectId)?.label ?? limit.projectId,
        model: limit.model,
        rpm: null,
        tpm: null,
        rpd: null,
        learnedAt: limit.learnedAt,
        tier: limit.tier,
      };
      rule[limit.field] = limit.value;
      if (limit.learnedAt >= (rule.learnedAt ?? 0)) {
        rule.learnedAt = limit.learnedAt;
        rule.tier = limit.tier;
      }
      learned.set(key, rule);
    }
    return [...defaults, ...overrides, ...learned.values()];
  }

  /** Every project's limits in force for one model, with what it used so far (as last saved by the gateway). */
  standing(rawModel: string, now = Date.now()): ProjectStanding[] {
    const model = parseModelPattern(rawModel);
    const book = new LimitBook(this.limits.list());
    // Indexed by project as the gateway's pool indexes them; only this model's are needed.
    const learned = new LearnedLimits();
    learned.load(this.store.learnedLimits.list().filter((limit) => limit.model === model));
    const state = this.store.poolState;
    const counters = new Map(
      state
        .counters()
        .filter((row) => row.model === model)
        .map((row) => [row.projectId, row]),
    );
    // A spending limit stops every model of its project: it counts as this model's cooldown too.
    const cooldowns = new Map<string, number>();
    for (const row of state.cooldowns(now)) {
      if (row.model !== model && row.model !== EVERY_MODEL) continue;
      cooldowns.set(row.projectId, Math.max(cooldowns.get(row.projectId) ?? 0, row.until));
    }
    const dayEnd = new PacificDayClock().dayEnd(now);
    const minuteStart = now - (now % MINUTE_MS);
    const accounts = new Map(this.store.accounts.list().map((account) => [account.id, account.label]));
    return this.store.projects.list().map((project) => {
      const counter = counters.get(project.id);
      const sources = book.explain(project.id, model, learned.get(project.id, model));
      return {
        projectId: project.id,
        project: project.label,
        account: accounts.get(project.accountId) ?? project.accountId,
        limits: { rpm: sources.rpm.value, tpm: sources.tpm.value, rpd: sources.rpd.value },
        sources,
        minuteRequests: counter?.minuteStart === minuteStart ? counter.minuteRequests : 0,
        dayRequests: counter?.dayEnd === dayEnd ? counter.dayRequests : 0,
        coolingUntil: cooldowns.get(project.id) ?? null,
      };
    });
  }

  /** A project named by its id, its Google Cloud project id, or one of its keys. */
  resolveProject(ref: string): Project {
    const byId = this.store.projects.get(ref);
    if (byId) return byId;
    const key = this.store.keys.get(ref);
    if (key) return this.store.projects.get(key.projectId)!;
    const byGcp = this.store.projects.list().filter((project) => project.gcpProject === ref);
    if (byGcp.length === 1) return byGcp[0]!;
    if (byGcp.length > 1) {
      throw new InputError(
        `Several accounts have a project "${ref}": name it by its id (${byGcp.map((p) => p.id).join(', ')}). Nothing was changed.`,
      );
    }
    throw new InputError(
      `No project "${ref}": give a project id or Google Cloud project id (see \`gemgate keys list --json\`), or a key id. Nothing was changed.`,
    );
  }
}
