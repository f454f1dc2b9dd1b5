import crypto from 'node:crypto';
import { deriveKey, seal, unseal, type Sealed } from '../secrets/fileStore.js';
import { BackupError, validatePayload, type BackupPayload } from './backupPayload.js';

/** scrypt cost for a backup: the file store's (about 100 ms and 32 MiB), stored in the file. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;

/** Passphrases shorter than this are refused for new backups: the file may travel. */
export const MIN_PASSPHRASE_LENGTH = 8;

/**
 * The file on disk: a small clear header saying how to open it, and the payload (JSON with every
 * key's secret) sealed with AES-256-GCM under a key derived by scrypt from the passphrase. GCM
 * authenticates the payload, so a wrong passphrase and a single changed bit are both refused; the
 * header is repeated inside the payload, so changing it is refused too.
 */
interface BackupEnvelope extends Sealed {
  format: 'gemgate-backup';
  version: 1;
  createdAt: string;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: 'aes-256-gcm';
}

interface SealedContent {
  header: { format: 'gemgate-backup'; version: 1; createdAt: string; salt: string };
  payload: BackupPayload;
}

export function sealBackup(payload: BackupPayload, passphrase: string): string {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new BackupError(`The backup passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters.`);
  }
  const salt = crypto.randomBytes(16);
  const header = {
    format: 'gemgate-backup' as const,
    version: 1 as const,
    createdAt: payload.createdAt,
    salt: salt.toString('base64'),
  };
  const content: SealedContent = { header, payload };
  const envelope: BackupEnvelope = {
    format: header.format,
    version: header.version,
    createdAt: header.createdAt,
    kdf: { name: 'scrypt', ...SCRYPT, salt: header.salt },
    cipher: 'aes-256-gcm',
    ...seal(JSON.stringify(content), deriveKey(passphrase, salt, SCRYPT)),
  };
  return `${JSON.stringify(envelope, null, 2)}\n`;
}

/** Decrypts and validates a backup; throws BackupError (and has changed nothing) otherwise. */
export function openBackup(text: string, passphrase: string): BackupPayload {
  let envelope: BackupEnvelope;
  try {
    envelope = JSON.parse(text) as BackupEnvelope;
  } catch {
    throw new BackupError('This is not a gemgate backup file (it is not JSON), or it is damaged.');
  }
  if (envelope?.format !== 'gemgate-backup') throw new BackupError('This is not a gemgate backup file.');
  if (envelope.version !== 1) {
    throw new BackupError(
      `This backup file has format version ${String(envelope.version)}, unknown to this gemgate.`,
    );
  }
  const kdf = envelope.kdf;
  if (
    kdf?.name !== 'scrypt' ||
    envelope.cipher !== 'aes-256-gcm' ||
    ![kdf.N, kdf.r, kdf.p].every((n) => Number.isInteger(n) && n > 0) ||
    kdf.N > 2 ** 20 ||
    kdf.r > 32 ||
    kdf.p > 16
  ) {
    throw new BackupError(
      'This backup file names an encryption this gemgate does not use; it may have been altered.',
    );
  }
  let plaintext: string;
  try {
    plaintext = unseal(envelope, deriveKey(passphrase, Buffer.from(kdf.salt, 'base64'), kdf));
  } catch {
    throw new BackupError(
      'Could not decrypt the backup: the passphrase is wrong, or the file was altered. Nothing was changed.',
    );
  }
  let content: SealedContent;
  try {
    content = JSON.parse(plaintext) as SealedContent;
  } catch {
    throw new BackupError(
      'The backup decrypted to something that is not a gemgate backup. Nothing was changed.',
    );
  }
  const header = content?.header;
  if (
    header?.format !== envelope.format ||
    header.version !== envelope.version ||
    header.createdAt !== envelope.createdAt ||
    header.salt !== kdf.salt
  ) {
    throw new BackupError("The backup's header was altered. Nothing was changed.");
  }
  return validatePayload(content.payload);
}
