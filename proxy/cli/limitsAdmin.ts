import type { Store } from '../store/openStore.js';
import type { Project } from '../store/projects.js';
import {
  FREE_TIER_DEFAULTS,
  isModelPattern,
  LIMIT_FIELDS,
  LimitBook,
  type LimitField,
  type LimitOverride,
  type QuotaLimits,
} from '../pool/limits.js';
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
  source: 'default' | 'override';
  projectId: string | null;
  project: string | null;
  model: string;
  rpm: number | null;
  tpm: number | null;
  rpd: number | null;
}

export interface ProjectStanding {
  projectId: string;
  project: string;
  account: string;
  limits: QuotaLimits;
  minuteRequests: number;
  dayRequests: number;
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

  /** Built-in defaults, then the user's rules. */
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
    return [...defaults, ...overrides];
  }

  /** Every project's limits in force for one model, with what it used so far (as last saved by the gateway). */
  standing(rawModel: string, now = Date.now()): ProjectStanding[] {
    const model = parseModelPattern(rawModel);
    const book = new LimitBook(this.limits.list());
    const state = this.store.poolState;
    const counters = new Map(
      state
        .counters()
        .filter((row) => row.model === model)
        .map((row) => [row.projectId, row]),
    );
    const cooldowns = new Map(
      state
        .cooldowns(now)
        .filter((row) => row.model === model)
        .map((row) => [row.projectId, row.until]),
    );
    const dayEnd = new PacificDayClock().dayEnd(now);
    const minuteStart = now - (now % MINUTE_MS);
    const accounts = new Map(this.store.accounts.list().map((account) => [account.id, account.label]));
    return this.store.projects.list().map((project) => {
      const counter = counters.get(project.id);
      return {
        projectId: project.id,
        project: project.label,
        account: accounts.get(project.accountId) ?? project.accountId,
        limits: book.resolve(project.id, model),
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
