import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { tempDataDir } from './support/dataDir.js';
import { randomApiKey } from './support/keys.js';

/** Token policies and the price table through the CLI, as a user sets them up. */
describe('gemgate tokens policy and prices', () => {
  const { dir, cleanup } = tempDataDir('cli-policy');
  afterAll(cleanup);
  const env = { GEMGATE_DATA_DIR: dir, GEMGATE_SECRET_STORE: 'file', GEMGATE_PASSPHRASE: 'cli policy' };
  const cli = (...args: string[]) => runCli(args, { env });

  it('creates a token with a policy, keeping the {"id","name","token"} output', async () => {
    expect((await runCli(['keys', 'add', '--account', 'phone-account', randomApiKey()], { env })).code).toBe(
      0,
    );
    const created = await cli(
      'tokens',
      'create',
      'phone',
      '--json',
      '--allow-models',
      'gemini-2.5-flash*',
      '--accounts',
      'phone-account',
      '--tiers',
      'primary',
      '--rpm',
      '10',
      '--daily-usd',
      '1',
      '--monthly-usd',
      '20',
      '--resume',
      'off',
      '--store-responses',
      'off',
      '--store-interactions',
      'off',
    );
    expect(created.stderr).toBe('');
    const token = JSON.parse(created.stdout) as {
      id: string;
      name: string;
      token: string;
      policy: Record<string, unknown>;
    };
    expect(token).toMatchObject({
      id: expect.stringMatching(/^tok_/),
      name: 'phone',
      token: expect.stringMatching(/^gg-/),
    });
    expect(token.policy).toMatchObject({
      allowModels: ['gemini-2.5-flash*'],
      allowTiers: ['primary'],
      rpm: 10,
      dailyUsd: 1,
      monthlyUsd: 20,
      resume: false,
      storeResponses: false,
      storeInteractions: false,
    });
    const listed = await cli('tokens', 'list');
    expect(listed.stdout).toMatch(
      /models gemini-2\.5-flash\*; accounts phone-account; tiers primary; resume off; responses not stored; interactions not stored; 10 rpm; \$1\/day; \$20\/month/,
    );
  });

  it('changes, clears and refuses policies; a bad flag changes nothing', async () => {
    const { id } = JSON.parse((await cli('tokens', 'create', 'app', '--json')).stdout) as { id: string };
    expect((await cli('tokens', 'policy', id)).stdout).toMatch(/app\): no limits/);
    const policyOf = async (...args: string[]) =>
      (JSON.parse((await cli('tokens', 'policy', id, ...args, '--json')).stdout) as { policy: unknown })
        .policy;
    const set = await policyOf('--rpm', '5', '--hide-models', '*-lite');
    expect(set).toEqual({ hideModels: ['*-lite'], rpm: 5 });
    for (const [args, message] of [
      [['--rpm', 'lots'], /--rpm must be a number or "none"/],
      [['--accounts', 'nobody'], /No account named "nobody" \(accounts: phone-account\)/],
      [['--tiers', 'gold'], /allowTiers/],
      [['--store-interactions', 'maybe'], /--store-interactions must be on or off/],
    ] as Array<[string[], RegExp]>) {
      const refused = await cli('tokens', 'policy', id, ...args);
      expect(refused.code, args.join(' ')).not.toBe(0);
      expect(refused.stderr).toMatch(message);
    }
    expect(await policyOf('--rpm', 'none')).toEqual({ hideModels: ['*-lite'] });
    expect(await policyOf('--clear')).toEqual({});
    const before = (await cli('tokens', 'list', '--json')).stdout;
    expect((await cli('tokens', 'create', 'never', '--rpm', '0')).code).not.toBe(0);
    expect((await cli('tokens', 'list', '--json')).stdout).toBe(before);
  });

  it('lists shipped prices with their date, sets and resets one of your own', async () => {
    const listed = JSON.parse((await cli('prices', 'list', '--json')).stdout) as {
      defaultsAsOf: string;
      defaultsSource: string;
      prices: Array<{ model: string; source: string; input: number; longThreshold?: number }>;
    };
    expect(listed.defaultsSource).toBe('https://ai.google.dev/gemini-api/docs/pricing');
    expect(listed.defaultsAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(listed.prices.find((p) => p.model === 'gemini-2.5-pro')).toMatchObject({
      source: 'default',
      longThreshold: 200000,
    });
    const set = await cli(
      'prices',
      'set',
      'my-model',
      '--input',
      '1',
      '--output',
      '2',
      '--long-threshold',
      '1000',
      '--long-input',
      '3',
    );
    expect(set.stdout).toMatch(
      /my-model: input \$1, output \$2, above 1000 prompt tokens: input \$3, output \$2 per 1M tokens/,
    );
    const mine = JSON.parse((await cli('prices', 'list', '--json')).stdout) as typeof listed;
    expect(mine.prices.find((p) => p.model === 'my-model')).toMatchObject({ source: 'user', input: 1 });
    expect(
      (await cli('prices', 'set', 'x', '--input', '1', '--output', '2', '--long-input', '3')).stderr,
    ).toMatch(/threshold/);
    expect((await cli('prices', 'set', 'x', '--input', 'cheap', '--output', '2')).stderr).toMatch(
      /--input must be a number/,
    );
    expect((await cli('prices', 'reset', 'my-model')).stdout).toMatch(/reset my-model/);
    expect((await cli('prices', 'reset', 'my-model')).stderr).toMatch(/no price of your own/);
  });

  it('has --help on every new command', async () => {
    const commands = [
      ['usage'],
      ['prices', 'list'],
      ['prices', 'set'],
      ['prices', 'reset'],
      ['tokens', 'policy'],
      ['backup', 'export'],
      ['backup', 'import'],
    ];
    const results = await Promise.all(commands.map((args) => cli(...args, '--help')));
    results.forEach((result, i) => {
      expect(result.code, commands[i]!.join(' ')).toBe(0);
      expect(result.stdout).toMatch(/^Usage: gemgate/);
    });
  });
});
