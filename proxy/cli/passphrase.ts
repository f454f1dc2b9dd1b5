import readline from 'node:readline';
import { Writable } from 'node:stream';

/**
 * The backup passphrase: GEMGATE_BACKUP_PASSPHRASE, else asked on the terminal without echo
 * (twice when `confirm`, for a new backup). Without a terminal and without the variable, it fails
 * and says how to give one, rather than waiting on a stdin nobody types into.
 */
export async function backupPassphrase(confirm: boolean, env = process.env): Promise<string> {
  const fromEnv = env.GEMGATE_BACKUP_PASSPHRASE;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) {
    throw new Error(
      'A backup passphrase is needed: set GEMGATE_BACKUP_PASSPHRASE, or run this in a terminal to be asked for it.',
    );
  }
  const first = await askHidden('Backup passphrase: ');
  if (confirm && (await askHidden('Repeat the passphrase: ')) !== first) {
    throw new Error('The two passphrases differ. Nothing was written.');
  }
  return first;
}

function askHidden(prompt: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(prompt, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}
