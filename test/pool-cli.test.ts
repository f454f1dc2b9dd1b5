import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { tempDataDir } from './support/dataDir.js';
import { randomApiKey } from './support/keys.js';

const FILE_STORE = { GEMGATE_SECRET_STORE: 'file', GEMGATE_PASSPHRASE: 'pool cli passphrase' };

interface KeyRow {
  id: string;
  account: string;
  tier: string;
  project: string | null;
  projectId: string;
  state: string;
  reason: string | null;
  stateSince: string | null;
  cooling: unknown[];
}

/** Runs independent CLI calls a few at a time: faster than one by one, gentle on a busy machine. */
async function inBatches<T, R>(items: readonly T[], run: (item: T) => Promise<R>, size = 4): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return out;
}

/** The key pool's commands: accounts, key states and quota limits, run as a user runs them. */
describe('gemgate CLI: accounts, key states, limits', () => {
  const { dir, cleanup } = tempDataDir('pool-cli');
  afterAll(cleanup);
  const env = { ...FILE_STORE, GEMGATE_DATA_DIR: dir };
  const cli = (args: string[], input?: string) => runCli(args, { env, input });
  const keys = async () => JSON.parse((await cli(['keys', 'list', '--json'])).stdout) as KeyRow[];
  /** Everything the commands could change, to show that refused input changed nothing. */
  const snapshot = async () =>
    (
      await Promise.all([
        cli(['keys', 'list', '--json']),
        cli(['accounts', 'list', '--json']),
        cli(['limits', 'list', '--json']),
      ])
    )
      .map((result) => result.stdout)
      .join('\n');

  beforeAll(async () => {
    const added = await cli(['keys', 'add', '--account', 'alice', '--project', 'alice-main'], randomApiKey());
    expect(added.code, added.stderr).toBe(0);
    expect((await cli(['keys', 'add', '--account', 'bob', '--tier', 'backup'], randomApiKey())).code).toBe(0);
  });

  it('has --help on every new command', async () => {
    const commands = [
      ['keys', 'enable'],
      ['keys', 'disable'],
      ['accounts'],
      ['accounts', 'list'],
      ['accounts', 'set'],
      ['limits'],
      ['limits', 'list'],
      ['limits', 'set'],
      ['limits', 'reset'],
      ['limits', 'resume'],
      ['limits', 'forget'],
    ];
    // Independent read-only runs: in parallel, to keep the suite fast.
    const results = await inBatches(commands, (args) => cli([...args, '--help']));
    results.forEach((result, i) => {
      expect(result.code, commands[i]!.join(' ')).toBe(0);
      expect(result.stdout).toMatch(/^Usage: gemgate/);
    });
  });

  it('keeps the keys list --json fields and adds the pool’s', async () => {
    const [row] = await keys();
    expect(Object.keys(row!)).toEqual(
      expect.arrayContaining([
        'id',
        'masked',
        'account',
        'tier',
        'project',
        'projectId',
        'state',
        'reason',
        'lastCheckedAt',
        'createdAt',
        'stateSince',
        'cooling',
      ]),
    );
    expect(row!.cooling).toEqual([]);
  });

  it('disables and enables a key by hand', async () => {
    const [alice] = await keys();
    const disabled = await cli(['keys', 'disable', alice!.id, '--reason', 'lent to a friend']);
    expect(disabled.code, disabled.stderr).toBe(0);
    expect(disabled.stdout).toMatch(new RegExp(`^disabled ${alice!.id} AIza…`));
    expect((await keys())[0]).toMatchObject({ state: 'disabled', reason: 'lent to a friend' });
    expect((await keys())[0]!.stateSince).not.toBeNull();

    const again = await cli(['keys', 'disable', alice!.id]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already disabled/);

    expect((await cli(['keys', 'enable', alice!.id])).code).toBe(0);
    expect((await keys())[0]).toMatchObject({ state: 'active', reason: null });
    expect((await cli(['keys', 'enable', alice!.id])).stderr).toMatch(/already active/);
  });

  it('lists accounts and changes their tier and state', async () => {
    const listed = JSON.parse((await cli(['accounts', 'list', '--json'])).stdout) as Array<{
      label: string;
      tier: string;
      keys: number;
    }>;
    expect(listed.map((a) => [a.label, a.tier, a.keys])).toEqual([
      ['alice', 'primary', 1],
      ['bob', 'backup', 1],
    ]);
    const promoted = await cli(['accounts', 'set', 'bob', '--tier', 'primary']);
    expect(promoted.code, promoted.stderr).toBe(0);
    expect((await keys()).find((k) => k.account === 'bob')?.tier).toBe('primary');
    expect((await cli(['accounts', 'set', 'bob', '--tier', 'backup', '--state', 'disabled'])).code).toBe(0);
    expect((await cli(['accounts', 'list'])).stdout).toMatch(/bob\s+backup\s+disabled/);
    expect((await cli(['accounts', 'set', 'bob', '--state', 'active'])).code).toBe(0);
  });

  it('sets, lists and resets quota limits, for every project or one', async () => {
    const [alice, bob] = await keys();
    const set = await cli([
      'limits',
      'set',
      '--model',
      'gemini-2.5-flash',
      '--rpm',
      '20',
      '--rpd',
      'unlimited',
    ]);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('gemini-2.5-flash on every project: rpm 20, tpm -, rpd unlimited');
    // The project by its Google Cloud id; bob's own project by the id of its key.
    expect(
      (await cli(['limits', 'set', '--model', 'gemini-2.5-*', '--project', 'alice-main', '--rpm', '1000']))
        .code,
    ).toBe(0);
    expect((await cli(['limits', 'set', '--model', '*', '--project', bob!.id, '--tpm', '5'])).code).toBe(0);

    const rules = JSON.parse((await cli(['limits', 'list', '--json'])).stdout) as Array<
      Record<string, unknown>
    >;
    expect(rules.filter((rule) => rule.source === 'override')).toEqual([
      {
        source: 'override',
        projectId: null,
        project: null,
        model: 'gemini-2.5-flash',
        rpm: 20,
        tpm: null,
        rpd: 'unlimited',
      },
      expect.objectContaining({ projectId: alice!.projectId, model: 'gemini-2.5-*', rpm: 1000 }),
      expect.objectContaining({ projectId: bob!.projectId, model: '*', tpm: 5 }),
    ]);
    expect(rules.find((rule) => rule.model === 'gemini-2.5-flash-lite')).toMatchObject({
      source: 'default',
      rpm: 10,
    });

    const standing = JSON.parse(
      (await cli(['limits', 'list', '--model', 'gemini-2.5-flash', '--json'])).stdout,
    ) as Array<{ projectId: string; limits: Record<string, unknown>; dayRequests: number }>;
    expect(Object.fromEntries(standing.map((row) => [row.projectId, row.limits]))).toEqual({
      [alice!.projectId]: { rpm: 1000, tpm: 250_000, rpd: 'unlimited' },
      [bob!.projectId]: { rpm: 20, tpm: 5, rpd: 'unlimited' },
    });
    expect(standing.every((row) => row.dayRequests === 0)).toBe(true);

    expect((await cli(['limits', 'reset', '--model', 'gemini-2.5-*', '--project', 'alice-main'])).code).toBe(
      0,
    );
    const again = await cli(['limits', 'reset', '--model', 'gemini-2.5-*', '--project', 'alice-main']);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/no rule for gemini-2\.5-\* on project alice-main/);
  });

  it('refuses bad input with a clear message and changes nothing', async () => {
    const fresh = randomApiKey();
    const before = await snapshot();
    const cases: Array<[string[], RegExp, string?]> = [
      [['keys', 'add', '--account', 'carol'], /Key #2 is not a Gemini API key/, `${fresh}\nAIzaTooShort\n`],
      [['keys', 'add', '--account', 'carol', fresh, fresh], /given twice/],
      [['keys', 'add', '--account', 'carol', '--tier', 'reserve', fresh], /Unknown tier "reserve"/],
      [
        ['keys', 'add', '--account', 'bob', '--tier', 'primary', fresh],
        /bob" is a backup account, not primary/,
      ],
      [['keys', 'enable', 'key_nope'], /No key with id "key_nope"/],
      [['keys', 'disable', 'key_nope'], /No key with id "key_nope"/],
      [['accounts', 'set', 'mallory', '--tier', 'backup'], /No account "mallory".*Accounts: alice, bob/],
      [['accounts', 'set', 'alice', '--tier', 'gold'], /Unknown tier "gold"/],
      [['accounts', 'set', 'alice', '--tier', 'backup', '--state', 'asleep'], /Unknown state "asleep"/],
      [['accounts', 'set', 'alice'], /Nothing to change/],
      [
        ['limits', 'set', '--model', 'gemini-2.5-flash', '--rpm', '0'],
        /--rpm must be a whole number of at least 1/,
      ],
      [['limits', 'set', '--model', 'gemini-2.5-flash', '--rpd', 'lots'], /--rpd must be a whole number/],
      [['limits', 'set', '--model', 'Gemini Flash', '--rpm', '5'], /"Gemini Flash" is not a model/],
      [['limits', 'set', '--model', 'gemini-2.5-flash'], /Nothing to set/],
      [
        ['limits', 'set', '--model', 'gemini-2.5-flash', '--project', 'nowhere-project', '--rpm', '5'],
        /No project "nowhere-project"/,
      ],
      [['limits', 'reset', '--model', 'gemini-9'], /no rule for gemini-9/],
    ];
    // Every case is refused before anything is written, so they can run side by side.
    const results = await inBatches(cases, ([args, , input]) => cli(args, input));
    results.forEach((result, i) => {
      const [args, message] = cases[i]!;
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stderr).not.toContain(fresh);
      expect(result.stdout).toBe('');
    });
    expect(await snapshot()).toBe(before);
  });
});
