import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Thought signatures. Gemini's are opaque base64 bytes that only the project which produced them can
 * replay (https://ai.google.dev/gemini-api/docs/thought-signatures; a signature from another project
 * or a mangled one is refused with 400 "Corrupted thought signature.", google-gemini/gemini-cli#13467).
 *
 * The emulator's are base64 of: a 2-byte magic, the project id, and an HMAC of both, so a signature is
 * bound to its project, cannot be forged by editing the project id, and reads as noise to a client.
 * The documented placeholders that skip validation are accepted as they are.
 */

const MAGIC = Buffer.from([0x12, 0x9e]);
const SECRET = 'gemini-emulator-thought-signature';
export const SKIP_VALIDATOR_SIGNATURES: readonly string[] = [
  'skip_thought_signature_validator',
  'context_engineering_is_the_way_to_go',
];

function mac(projectId: string, nonce: string): Buffer {
  return createHmac('sha256', SECRET).update(`${projectId}\u0000${nonce}`).digest().subarray(0, 16);
}

/** `nonce` makes signatures differ between answers while staying deterministic. */
export function mintSignature(projectId: string, nonce: string): string {
  const project = Buffer.from(projectId, 'utf8');
  const nonceBytes = Buffer.from(nonce, 'utf8');
  const header = Buffer.from([project.length, nonceBytes.length]);
  return Buffer.concat([MAGIC, header, project, nonceBytes, mac(projectId, nonce)]).toString('base64');
}

export type SignatureCheck = 'ok' | 'skip' | 'corrupted' | 'other-project';

export function checkSignature(signature: string, projectId: string): SignatureCheck {
  if (SKIP_VALIDATOR_SIGNATURES.includes(signature)) return 'skip';
  const raw = Buffer.from(signature, 'base64');
  if (raw.length < 4 + 16 || !raw.subarray(0, 2).equals(MAGIC)) return 'corrupted';
  const projectLength = raw[2] ?? 0;
  const nonceLength = raw[3] ?? 0;
  if (raw.length !== 4 + projectLength + nonceLength + 16) return 'corrupted';
  const project = raw.subarray(4, 4 + projectLength).toString('utf8');
  const nonce = raw.subarray(4 + projectLength, 4 + projectLength + nonceLength).toString('utf8');
  const tag = raw.subarray(4 + projectLength + nonceLength);
  if (!timingSafeEqual(tag, mac(project, nonce))) return 'corrupted';
  return project === projectId ? 'ok' : 'other-project';
}
