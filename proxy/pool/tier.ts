/**
 * An account's tier: primary accounts serve first; backup accounts only when no primary project can
 * (all cooling, dead or excluded). The pool decides with it, so the pool owns it.
 */
export type Tier = 'primary' | 'backup';
export const TIERS: readonly Tier[] = ['primary', 'backup'];
