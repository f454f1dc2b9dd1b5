import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SecretStoreError, type SecretStore } from './secretStore.js';
import { writeFileAtomic } from '../util/atomicFile.js';

export const SECRETS_FILE = 'secrets.enc';

/** scrypt cost: about 100 ms and 32 MiB on a laptop, paid once when the store opens. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

interface SealedFile extends Sealed {
  format: 'gemgate-secrets';
  version: 1;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: 'aes-256-gcm';
}

export function deriveKey(
  passphrase: string,
  salt: Buffer,
  params: { N: number; r: number; p: number },
): Buffer {
  return crypto.scryptSync(passphrase.normalize('NFC'), salt, 32, { ...params, maxmem: SCRYPT.maxmem });
}

/** AES-256-GCM output as the secrets file and backups store it: base64 text. */
export interface Sealed {
  iv: string;
  tag: string;
  data: string;
}

export function seal(plaintext: string, key: Buffer): Sealed {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

/** Throws when the key is wrong or a single bit of the file changed: GCM authenticates it all. */
export function unseal(sealed: Sealed, key: Buffer): string {
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString(
    'utf8',
  );
}

/** What a file on disk is at the moment: when it differs, another process wrote it. */
function stampOf(file: string): string | undefined {
  try {
    const stat = fs.statSync(file);
    return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  } catch {
    return undefined; // not written yet
  }
}

/** The secrets file as read from disk: its map, and the key and salt it is sealed with. */
interface Loaded {
  secrets: Map<string, string>;
  key: Buffer;
  salt: Buffer;
}

/**
 * All secrets in one file, encrypted with AES-256-GCM under a key derived by scrypt from
 * GEMGATE_PASSPHRASE. For servers without a keychain. The whole map is rewritten on each change
 * (atomically), which is fine for the dozens of keys a user holds.
 *
 * Several processes share the file: the running gateway, and `gemgate keys add` in another
 * terminal. So the file on disk is the truth: a read notices when another process rewrote it and
 * reads it again, and a change is made to the file as it is now, never to an older copy (which
 * would drop what the other process wrote).
 */
export class FileSecretStore implements SecretStore {
  readonly kind = 'file' as const;
  private said: string;

  private constructor(
    private readonly file: string,
    private readonly passphrase: string,
    private loaded: Loaded,
    private stamp: string | undefined,
  ) {
    this.said = `the encrypted file ${file}`;
  }

  get description(): string {
    return this.said;
  }

  /** The same store, described by whoever chose it for the user (openSecretStore.ts). */
  withDescription(description: string): this {
    this.said = description;
    return this;
  }

  static open(dataDir: string, passphrase: string | undefined): FileSecretStore {
    if (!passphrase) {
      throw new SecretStoreError(
        'The encrypted file store needs a passphrase: set GEMGATE_PASSPHRASE (or use GEMGATE_SECRET_STORE=keychain).',
      );
    }
    const file = path.join(dataDir, SECRETS_FILE);
    const stamp = stampOf(file);
    return new FileSecretStore(file, passphrase, readSecretsFile(file, passphrase, undefined), stamp);
  }

  async get(id: string): Promise<string | null> {
    return this.current().secrets.get(id) ?? null;
  }

  async set(id: string, secret: string): Promise<void> {
    const now = this.current();
    this.persist({ ...now, secrets: new Map(now.secrets).set(id, secret) });
  }

  async delete(id: string): Promise<boolean> {
    const now = this.current();
    if (!now.secrets.has(id)) return false;
    const secrets = new Map(now.secrets);
    secrets.delete(id);
    this.persist({ ...now, secrets });
    return true;
  }

  /** The secrets as the file holds them now: read again only when another process rewrote it. */
  private current(): Loaded {
    const stamp = stampOf(this.file);
    if (stamp !== this.stamp) {
      this.loaded = readSecretsFile(this.file, this.passphrase, this.loaded);
      this.stamp = stamp;
    }
    return this.loaded;
  }

  private persist(next: Loaded): void {
    const body: SealedFile = {
      format: 'gemgate-secrets',
      version: 1,
      kdf: { name: 'scrypt', N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, salt: next.salt.toString('base64') },
      cipher: 'aes-256-gcm',
      ...seal(JSON.stringify(Object.fromEntries(next.secrets)), next.key),
    };
    writeFileAtomic(this.file, JSON.stringify(body), 0o600);
    this.loaded = next;
    this.stamp = stampOf(this.file);
  }
}

/**
 * Reads and opens the secrets file; an empty map (with a fresh salt) when there is none yet.
 * `known` saves the scrypt cost when the file is still sealed under the salt it already derived.
 */
function readSecretsFile(file: string, passphrase: string, known: Loaded | undefined): Loaded {
  if (!fs.existsSync(file)) {
    const salt = known?.salt ?? crypto.randomBytes(16);
    return { secrets: new Map(), salt, key: known?.key ?? deriveKey(passphrase, salt, SCRYPT) };
  }
  let parsed: SealedFile;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as SealedFile;
    if (parsed.format !== 'gemgate-secrets' || parsed.version !== 1) throw new Error('unknown format');
  } catch {
    throw new SecretStoreError(`${file} is not a gemgate secrets file (or it is damaged).`);
  }
  const salt = Buffer.from(parsed.kdf.salt, 'base64');
  const key = known?.salt.equals(salt) ? known.key : deriveKey(passphrase, salt, parsed.kdf);
  let plaintext: string;
  try {
    plaintext = unseal(parsed, key);
  } catch {
    throw new SecretStoreError(
      `Could not open ${file}: the passphrase in GEMGATE_PASSPHRASE is wrong, or the file was altered.`,
    );
  }
  const entries = JSON.parse(plaintext) as Record<string, string>;
  return { secrets: new Map(Object.entries(entries)), key, salt };
}
