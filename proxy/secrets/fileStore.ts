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

/**
 * All secrets in one file, encrypted with AES-256-GCM under a key derived by scrypt from
 * GEMGATE_PASSPHRASE. For servers without a keychain. The whole map is rewritten on each change
 * (atomically), which is fine for the dozens of keys a user holds.
 */
export class FileSecretStore implements SecretStore {
  readonly kind = 'file' as const;

  private constructor(
    private readonly file: string,
    private readonly key: Buffer,
    private readonly salt: Buffer,
    private secrets: Map<string, string>,
  ) {}

  static open(dataDir: string, passphrase: string | undefined): FileSecretStore {
    if (!passphrase) {
      throw new SecretStoreError(
        'The encrypted file store needs a passphrase: set GEMGATE_PASSPHRASE (or use GEMGATE_SECRET_STORE=keychain).',
      );
    }
    const file = path.join(dataDir, SECRETS_FILE);
    if (!fs.existsSync(file)) {
      const salt = crypto.randomBytes(16);
      return new FileSecretStore(file, deriveKey(passphrase, salt, SCRYPT), salt, new Map());
    }
    let parsed: SealedFile;
    try {
      parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as SealedFile;
      if (parsed.format !== 'gemgate-secrets' || parsed.version !== 1) throw new Error('unknown format');
    } catch {
      throw new SecretStoreError(`${file} is not a gemgate secrets file (or it is damaged).`);
    }
    const salt = Buffer.from(parsed.kdf.salt, 'base64');
    const key = deriveKey(passphrase, salt, parsed.kdf);
    let plaintext: string;
    try {
      plaintext = unseal(parsed, key);
    } catch {
      throw new SecretStoreError(
        `Could not open ${file}: the passphrase in GEMGATE_PASSPHRASE is wrong, or the file was altered.`,
      );
    }
    const entries = JSON.parse(plaintext) as Record<string, string>;
    return new FileSecretStore(file, key, salt, new Map(Object.entries(entries)));
  }

  async get(id: string): Promise<string | null> {
    return this.secrets.get(id) ?? null;
  }

  async set(id: string, secret: string): Promise<void> {
    const next = new Map(this.secrets).set(id, secret);
    this.persist(next);
    this.secrets = next;
  }

  async delete(id: string): Promise<boolean> {
    if (!this.secrets.has(id)) return false;
    const next = new Map(this.secrets);
    next.delete(id);
    this.persist(next);
    this.secrets = next;
    return true;
  }

  private persist(secrets: Map<string, string>): void {
    const body: SealedFile = {
      format: 'gemgate-secrets',
      version: 1,
      kdf: { name: 'scrypt', N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, salt: this.salt.toString('base64') },
      cipher: 'aes-256-gcm',
      ...seal(JSON.stringify(Object.fromEntries(secrets)), this.key),
    };
    writeFileAtomic(this.file, JSON.stringify(body), 0o600);
  }
}
