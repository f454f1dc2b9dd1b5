import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { tempDataDir, readTree } from './support/dataDir.js';
import { randomApiKey } from './support/keys.js';

const FILE_STORE = { GEMGATE_SECRET_STORE: 'file', GEMGATE_PASSPHRASE: 'cli test passphrase' };

describe('gemgate CLI', () => {
  const { dir, cleanup } = tempDataDir('cli');
  afterAll(cleanup);
  const env = { ...FILE_STORE, GEMGATE_DATA_DIR: dir };

  it('has --help on every command', async () => {
    for (const args of [
      [],
      ['serve'],
      ['keys'],
      ['keys', 'add'],
      ['keys', 'list'],
      ['keys', 'remove'],
      ['keys', 'check'],
      ['tokens', 'create'],
      ['tokens', 'list'],
      ['tokens', 'revoke'],
      ['config', 'get'],
      ['config', 'set'],
    ]) {
      const result = await runCli([...args, '--help'], { env });
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout).toMatch(/^Usage: gemgate/);
    }
  });

  it('adds keys from stdin, prints them masked, lists them, and removes one', async () => {
    const keys = [randomApiKey(), randomApiKey()];
    const added = await runCli(['keys', 'add', '--account', 'alice', '--tier', 'primary'], {
      env,
      input: `${keys.join('\n')}\n`,
    });
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const lines = added.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    lines.forEach((line, i) => {
      expect(line.startsWith('added key_')).toBe(true);
      expect(line.endsWith(` AIza…${keys[i]!.slice(-4)}`)).toBe(true);
    });
    expect(added.stdout).not.toContain(keys[0]!.slice(4, 30));

    const listed = await runCli(['keys', 'list', '--json'], { env });
    const rows = JSON.parse(listed.stdout) as Array<{
      id: string;
      masked: string;
      account: string;
      tier: string;
      state: string;
    }>;
    expect(rows.map((row) => row.masked)).toEqual(keys.map((key) => `AIza…${key.slice(-4)}`));
    expect(
      rows.every((row) => row.account === 'alice' && row.tier === 'primary' && row.state === 'active'),
    ).toBe(true);

    const removed = await runCli(['keys', 'remove', rows[1]!.id], { env });
    expect(removed.code).toBe(0);
    const after = JSON.parse((await runCli(['keys', 'list', '--json'], { env })).stdout) as unknown[];
    expect(after).toHaveLength(1);

    for (const [file, bytes] of readTree(dir)) {
      for (const key of keys) expect(bytes.includes(key), file).toBe(false);
    }
  });

  it('refuses a malformed key, a duplicate and an unknown tier, and changes nothing', async () => {
    const before = (await runCli(['keys', 'list', '--json'], { env })).stdout;
    const existing = JSON.parse(before) as Array<{ id: string }>;
    const fresh = randomApiKey();
    const cases: Array<[string[], string | undefined, RegExp]> = [
      [
        ['keys', 'add', '--account', 'alice'],
        `${fresh}\nnot-a-key\n`,
        /Key #2 is not a Gemini API key.*Nothing was added/,
      ],
      [['keys', 'add', '--account', 'alice', fresh, fresh], undefined, /given twice/],
      [['keys', 'add', '--account', 'bob', '--tier', 'gold', fresh], undefined, /Unknown tier "gold"/],
      [
        ['keys', 'add', '--account', 'alice', '--tier', 'backup', fresh],
        undefined,
        /is a primary account, not backup/,
      ],
      [['keys', 'add', '--account', 'alice'], '\n\n', /No keys given/],
    ];
    for (const [args, input, message] of cases) {
      const result = await runCli(args, { env, input });
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toContain(fresh);
      expect(result.stdout).toBe('');
    }
    expect((await runCli(['keys', 'list', '--json'], { env })).stdout).toBe(before);
    expect(existing.length).toBeGreaterThan(0);
  });

  it('creates, lists and revokes client tokens; the token is shown once', async () => {
    const created = await runCli(['tokens', 'create', 'cherry-studio', '--json'], { env });
    const token = JSON.parse(created.stdout) as { id: string; name: string; token: string };
    expect(token.name).toBe('cherry-studio');
    expect(token.token).toMatch(/^gg-[\w-]{32}$/);
    const listed = await runCli(['tokens', 'list'], { env });
    expect(listed.stdout).toContain(token.id);
    expect(listed.stdout).not.toContain(token.token);
    expect((await runCli(['tokens', 'revoke', token.id], { env })).code).toBe(0);
    const again = await runCli(['tokens', 'revoke', token.id], { env });
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already revoked/);
    expect((await runCli(['tokens', 'revoke', 'tok_nope'], { env })).stderr).toMatch(/No token with id/);
  });

  it('gets and sets settings, refusing unknown names and bad values', async () => {
    expect((await runCli(['config', 'get', 'upstream.baseUrl'], { env })).stdout.trim()).toBe(
      'https://generativelanguage.googleapis.com',
    );
    expect((await runCli(['config', 'set', 'resume.maxAttempts', '4'], { env })).code).toBe(0);
    expect((await runCli(['config', 'get', 'resume.maxAttempts'], { env })).stdout.trim()).toBe('4');
    const bad = await runCli(['config', 'set', 'resume.maxAttempts', 'lots'], { env });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/Invalid value for resume\.maxAttempts/);
    const unknown = await runCli(['config', 'get', 'resume.nope'], { env });
    expect(unknown.stderr).toMatch(/Unknown setting "resume.nope". Known settings: .*resume.enabled/);
    expect((await runCli(['config', 'get', 'resume.maxAttempts'], { env })).stdout.trim()).toBe('4');
  });

  it('takes --data-dir before or after the command, over GEMGATE_DATA_DIR', async () => {
    const other = tempDataDir('cli-other');
    try {
      await runCli(['--data-dir', other.dir, 'tokens', 'create', 'a'], { env });
      await runCli(['tokens', 'create', 'b', '--data-dir', other.dir], { env });
      const names = JSON.parse(
        (await runCli(['tokens', 'list', '--json', '--data-dir', other.dir], { env })).stdout,
      ) as Array<{ name: string }>;
      expect(names.map((token) => token.name)).toEqual(['a', 'b']);
    } finally {
      other.cleanup();
    }
  });

  it.skipIf(process.platform !== 'linux')(
    'without a Secret Service, the keychain store fails and names the fix; nothing falls back to a file',
    async () => {
      const folder = tempDataDir('no-keychain');
      try {
        const result = await runCli(['keys', 'add', '--account', 'a', randomApiKey()], {
          env: {
            GEMGATE_DATA_DIR: folder.dir,
            DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus',
            DISPLAY: undefined,
          },
        });
        expect(result.code).not.toBe(0);
        expect(result.stderr).toMatch(/OS keychain is not available.*GEMGATE_SECRET_STORE=file/s);
        expect(
          readTree(folder.dir)
            .map(([file]) => file)
            .filter((file) => !/gemgate\.db/.test(file)),
        ).toEqual([]);
      } finally {
        folder.cleanup();
      }
    },
  );

  it('reports usage errors on stderr with a non-zero exit', async () => {
    const result = await runCli(['keys', 'add', randomApiKey()], { env });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/required option '--account <name>' not specified/);
    const unknown = await runCli(['frobnicate'], { env });
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
  });
});
