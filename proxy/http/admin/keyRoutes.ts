import { Router } from 'express';
import { z } from 'zod';
import type { AdminContext } from './adminContext.js';
import type {
  AccountsResponse,
  AccountView,
  AddKeysRequest,
  AddKeysResponse,
  CheckAllResponse,
  CheckView,
  ProjectView,
  UpdateAccountRequest,
  UpdateKeyRequest,
} from './contract.js';
import { AdminError } from './adminError.js';
import { checkView, keyView } from './views.js';
import { schemaFor } from './schemaFor.js';
import { addPaste } from '../../keys/addPaste.js';
import { inBatches } from '../../util/inBatches.js';
import type { KeyRecord } from '../../store/keys.js';
import { localDay, startOfLocalDay } from '../../usage/calendar.js';

const TIER = z.enum(['primary', 'backup']);
/** A few hundred keys in one paste is plenty; more is a mistake (a whole file pasted). */
const MAX_KEYS_PER_PASTE = 500;
const CHECK_CONCURRENCY = 4;

const addKeysBody = schemaFor<AddKeysRequest>()(
  z.strictObject({
    account: z.string().trim().min(1, 'an account name is required').max(100),
    tier: TIER.optional(),
    project: z.string().trim().min(1).max(100).optional(),
    provider: z.string().trim().min(1).max(40).optional(),
    keys: z.array(z.string().max(300)).min(1, 'paste at least one key').max(MAX_KEYS_PER_PASTE),
  }),
);
const updateKeyBody = schemaFor<UpdateKeyRequest>()(
  z.strictObject({ state: z.enum(['active', 'disabled']) }),
);
const updateAccountBody = schemaFor<UpdateAccountRequest>()(
  z.strictObject({
    tier: TIER.optional(),
    state: z.enum(['active', 'disabled']).optional(),
  }),
);

/** Accounts, their projects and keys: list, add (many at once), enable and disable, check, remove. */
export function keyRoutes(ctx: AdminContext): Router {
  const router = Router();
  const { store } = ctx;

  router.get('/accounts', (_req, res) => {
    res.json(accountsResponse(ctx));
  });

  router.patch('/accounts/:id', async (req, res) => {
    const body = updateAccountBody.parse(req.body);
    const account = store.accounts.get(req.params.id);
    if (!account) throw new AdminError(404, `No account with id "${req.params.id}".`);
    if (body.tier) store.accounts.setTier(account.id, body.tier);
    if (body.state) store.accounts.setState(account.id, body.state);
    await ctx.keysChanged(`account ${account.label} updated`);
    res.json(accountsResponse(ctx));
  });

  router.post('/keys', async (req, res) => {
    const body = addKeysBody.parse(req.body);
    const pasted = await addPaste(ctx, {
      account: body.account,
      tier: body.tier,
      project: body.project,
      provider: body.provider,
      keys: body.keys,
    });
    if (pasted.added.length > 0) await ctx.keysChanged(`${pasted.added.length} key(s) added`);
    // One read of the week's log for the whole paste, not one per key (up to 500).
    const now = Date.now();
    const activity = keyActivity(ctx, now);
    const response: AddKeysResponse = {
      added: pasted.added.map(({ key, check }) => {
        const record = store.keys.get(key.id)!;
        return {
          key: toKeyView(ctx, record, now, activity),
          check: { ...check, keyId: key.id, masked: key.masked, state: record.state },
        };
      }),
      notAdded: pasted.notAdded,
    };
    res.status(pasted.added.length > 0 ? 201 : 200).json(response);
  });

  router.patch('/keys/:id', async (req, res) => {
    const body = updateKeyBody.parse(req.body);
    const key = findKey(ctx, req.params.id);
    store.keys.setState(key.id, body.state, body.state === 'disabled' ? 'disabled in the dashboard' : null);
    await ctx.keysChanged(`key ${key.id} ${body.state === 'active' ? 'enabled' : 'disabled'}`);
    res.json(toKeyView(ctx, store.keys.get(key.id)!));
  });

  router.post('/keys/check', async (_req, res) => {
    const results = await checkAll(ctx, store.keys.list());
    await ctx.keysChanged('keys checked');
    const response: CheckAllResponse = { results };
    res.json(response);
  });

  router.post('/keys/:id/check', async (req, res) => {
    const key = findKey(ctx, req.params.id);
    const [result] = await checkAll(ctx, [key]);
    await ctx.keysChanged(`key ${key.id} checked`);
    res.json(result);
  });

  router.delete('/keys/:id', async (req, res) => {
    const key = findKey(ctx, req.params.id);
    await ctx.keys.remove(key.id);
    await ctx.keysChanged(`key ${key.id} removed`);
    res.status(204).end();
  });

  return router;
}

function findKey(ctx: AdminContext, id: string): KeyRecord {
  const key = ctx.store.keys.get(id);
  if (!key) throw new AdminError(404, `No key with id "${id}".`);
  return key;
}

/** A caller showing many keys reads the activity once and passes it in. */
function toKeyView(
  ctx: AdminContext,
  key: KeyRecord,
  now = Date.now(),
  activity: ReturnType<typeof keyActivity> = keyActivity(ctx, now),
) {
  return keyView(
    key,
    ctx.store.accounts.get(key.accountId),
    ctx.sources.quotas.coolingUntil(key.projectId, now),
    activity.get(key.id),
  );
}

/** A week of the log is enough to say a key works: "last good answer 3 days ago". */
const ACTIVITY_LOOKBACK_MS = 7 * 86_400_000;

/** What each key did today (the local day) and its last good answer this past week. */
function keyActivity(ctx: AdminContext, now: number) {
  return ctx.sources.requests.keyActivity(startOfLocalDay(localDay(now))!, now - ACTIVITY_LOOKBACK_MS);
}

/** Checks run a few at a time: fast, without bursting Gemini with every key at once. */
async function checkAll(ctx: AdminContext, keys: KeyRecord[]): Promise<CheckView[]> {
  return inBatches(keys, CHECK_CONCURRENCY, async (key) => checkView(key, await ctx.checks.check(key)));
}

export function accountsResponse(ctx: AdminContext): AccountsResponse {
  const { store } = ctx;
  const now = Date.now();
  const activity = keyActivity(ctx, now);
  const keys = store.keys.list();
  const projects = store.projects.list();
  const accounts: AccountView[] = store.accounts.list().map((account) => ({
    id: account.id,
    label: account.label,
    tier: account.tier,
    state: account.state,
    createdAt: account.createdAt,
    projects: projects
      .filter((project) => project.accountId === account.id)
      .map((project): ProjectView => {
        const coolingUntil = ctx.sources.quotas.coolingUntil(project.id, now);
        return {
          id: project.id,
          label: project.label,
          gcpProject: project.gcpProject,
          provider: project.provider,
          keys: keys
            .filter((key) => key.projectId === project.id)
            .map((key) => keyView(key, account, coolingUntil, activity.get(key.id))),
          quotas: { models: ctx.sources.quotas.forProject(project.id, now) },
        };
      }),
  }));
  return { accounts };
}
