import { TIERS, type Tier } from './tier.js';
import type { PoolKey } from './keyPool.js';
import type { SpendCap } from '../upstream/spendCap.js';

/** A Google Cloud project as the pool sees it: Gemini's quotas are per project, its keys share them. */
export interface Project {
  readonly id: string;
  readonly accountId: string;
  readonly tier: Tier;
  /** Usable keys; a key Gemini refuses is removed at once. */
  readonly keys: PoolKey[];
  /** Which of `keys` serves next. */
  keyCursor: number;
  /** The project's index here, and in every model book's per-project states. */
  readonly slot: number;
  /** Until when a spending limit keeps the project from serving any model (0: none). */
  capUntil: number;
  /** Which spending limit, while `capUntil` runs. */
  cap: SpendCap | null;
}

/**
 * The accounts, projects and keys the pool may use, grouped by project. Each project has a fixed
 * slot (its index), so per-model state can live in plain arrays indexed by slot, and each tier a
 * fixed list of its projects' slots, in load order.
 */
export class ProjectTable {
  private projects: Project[] = [];
  private byId = new Map<string, Project>();
  private readonly keyOwner = new Map<string, Project>();
  /** The slots of each tier's projects, in TIERS order. */
  private tierSlots: readonly Int32Array[] = TIERS.map(() => new Int32Array(0));
  /** Keys that exist but cannot be used (dead or disabled): tells "all dead" from "empty". */
  private inactiveKeys = 0;

  /**
   * Replaces the usable keys. A project that remains keeps its key cursor; the answer maps each
   * new slot to the slot the project had before (-1: a new project), so state kept per slot can
   * follow its project.
   */
  load(keys: readonly PoolKey[], inactiveKeys = 0): Int32Array {
    const previous = this.byId;
    const projects: Project[] = [];
    const byId = new Map<string, Project>();
    this.keyOwner.clear();
    for (const key of keys) {
      let project = byId.get(key.projectId);
      if (!project) {
        const before = previous.get(key.projectId);
        project = {
          id: key.projectId,
          accountId: key.accountId,
          tier: key.tier,
          keys: [],
          keyCursor: before?.keyCursor ?? 0,
          slot: projects.length,
          capUntil: before?.capUntil ?? 0,
          cap: before?.cap ?? null,
        };
        byId.set(project.id, project);
        projects.push(project);
      }
      project.keys.push(key);
      this.keyOwner.set(key.keyId, project);
    }
    const previousSlots = new Int32Array(projects.length);
    for (const project of projects) {
      if (project.keyCursor >= project.keys.length) project.keyCursor = 0;
      previousSlots[project.slot] = previous.get(project.id)?.slot ?? -1;
    }
    this.projects = projects;
    this.byId = byId;
    this.tierSlots = TIERS.map(
      (tier) => new Int32Array(projects.filter((project) => project.tier === tier).map(({ slot }) => slot)),
    );
    this.inactiveKeys = inactiveKeys;
    return previousSlots;
  }

  get size(): number {
    return this.projects.length;
  }

  /** The project in a slot; slots run from 0 to size - 1. */
  at(slot: number): Project {
    return this.projects[slot]!;
  }

  find(projectId: string): Project | undefined {
    return this.byId.get(projectId);
  }

  all(): readonly Project[] {
    return this.projects;
  }

  /** The slots of one tier's projects; `tier` indexes TIERS. */
  slotsOfTier(tier: number): Int32Array {
    return this.tierSlots[tier]!;
  }

  /**
   * Takes a key Gemini refused out of its project (its other keys still serve): the key, or
   * undefined when it is not in the table (unknown, or already removed).
   */
  removeKey(keyId: string): PoolKey | undefined {
    const project = this.keyOwner.get(keyId);
    if (!project) return undefined;
    const index = project.keys.findIndex((key) => key.keyId === keyId);
    if (index < 0) return undefined;
    const [key] = project.keys.splice(index, 1);
    if (project.keyCursor > index) project.keyCursor--;
    if (project.keyCursor >= project.keys.length) project.keyCursor = 0;
    this.keyOwner.delete(keyId);
    this.inactiveKeys++;
    return key;
  }

  /** Usable keys in all projects, or in the projects of the given slots. */
  keyCount(slots: Iterable<number> = this.projects.keys()): number {
    let count = 0;
    for (const slot of slots) count += this.projects[slot]!.keys.length;
    return count;
  }

  /** Whether the pool was given any key at all, usable or not: "all dead" rather than "empty". */
  hadKeys(): boolean {
    return this.inactiveKeys > 0 || this.projects.length > 0;
  }
}

/** Whether the project has a key this request has not tried yet. */
export function hasUntriedKey(project: Project, exclude: ReadonlySet<string>): boolean {
  for (const key of project.keys) if (!exclude.has(key.keyId)) return true;
  return false;
}

/**
 * The project's keys share its quota: they serve in turn, skipping any this request already tried.
 * Call only for a project with an untried key (see hasUntriedKey).
 */
export function takeKey(project: Project, exclude: ReadonlySet<string> | undefined): PoolKey {
  const keys = project.keys;
  const n = keys.length;
  for (let i = 0, idx = project.keyCursor; i < n; i++, idx++) {
    if (idx >= n) idx -= n;
    const key = keys[idx]!;
    if (exclude !== undefined && exclude.size > 0 && exclude.has(key.keyId)) continue;
    project.keyCursor = idx + 1 >= n ? 0 : idx + 1;
    return key;
  }
  // The lease made sure there is one; reaching here is a bug, not a runtime condition.
  throw new Error('takeKey: the project has no untried key');
}
