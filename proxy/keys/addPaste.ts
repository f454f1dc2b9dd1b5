import type { Store } from '../store/openStore.js';
import { modelIdsOf } from '../upstream/openaiCompatible/providerClient.js';
import { GEMINI_PROVIDER, type ProviderRecord } from '../store/providers.js';
import { InputError } from '../failures/inputError.js';
import { inBatches } from '../util/inBatches.js';
import {
  adoptModelList,
  keyLines,
  screenKeys,
  type KeyRegistry,
  type AddKeysInput,
  type AddedKey,
} from './keyRegistry.js';
import { probeVerdict, type CheckResult, type KeyChecker, type KeyProbe } from './checkKey.js';

/** Why a key of a paste was not added. */
export type NotAddedReason = 'malformed' | 'repeated' | 'duplicate' | 'refused';

export interface NotAdded {
  /** Its place in the paste, from 1. */
  position: number;
  /** Null for text that is not a key (it is never echoed, even masked). */
  masked: string | null;
  reason: NotAddedReason;
  /** In plain words, with what to do. */
  detail: string;
}

export interface PasteResult {
  added: Array<{ key: AddedKey; check: Omit<CheckResult, 'state'> }>;
  notAdded: NotAdded[];
}

/** Probes run a few at a time: fast, without bursting the provider with a whole paste at once. */
const PROBE_CONCURRENCY = 4;

/**
 * The dashboard's paste: every key gets its own verdict, and one bad line spoils nothing else.
 *
 * | a line that                              | is            |
 * | ---------------------------------------- | ------------- |
 * | is not shaped like a key of the provider | not added: `malformed` |
 * | repeats a line above                     | not added: `repeated`  |
 * | is already in the pool                   | not added: `duplicate` (says where) |
 * | the provider refuses (invalid, denied)   | not added: `refused` (says why)     |
 * | the provider accepts, or is busy (429)   | added, checked OK     |
 * | could not be asked (unreachable, a 5xx)  | added, not checked    |
 *
 * Gemini and other providers alike. What concerns the whole paste (the account's tier, the
 * project id, an unknown provider) still refuses it all, as `KeyRegistry.add` does.
 */
export async function addPaste(
  services: {
    store: Pick<Store, 'keys' | 'accounts' | 'providers'>;
    keys: Pick<KeyRegistry, 'addChecked'>;
    checks: Pick<KeyChecker, 'probe'>;
  },
  input: AddKeysInput,
): Promise<PasteResult> {
  const { store } = services;
  const providerName = input.provider ?? GEMINI_PROVIDER;
  const provider = providerName === GEMINI_PROVIDER ? undefined : store.providers.get(providerName);
  if (providerName !== GEMINI_PROVIDER && !provider) {
    throw new InputError(`There is no provider named "${providerName}". Nothing was added.`);
  }
  const notAdded: NotAdded[] = [];
  const candidates: Array<{ position: number; secret: string; masked: string }> = [];
  for (const key of screenKeys(store.keys, providerName, keyLines(input.keys))) {
    const { position } = key;
    switch (key.problem) {
      case 'malformed': {
        const wanted = provider ? `an API key of ${providerName}` : 'a Gemini API key';
        notAdded.push({
          position,
          masked: null,
          reason: 'malformed',
          detail: `Not ${wanted}: it is ${key.shape}.`,
        });
        break;
      }
      case 'repeated':
        notAdded.push({
          position,
          masked: key.masked,
          reason: 'repeated',
          detail: 'Given twice in this paste: added once.',
        });
        break;
      case 'duplicate': {
        const { existing } = key;
        const account = store.accounts.get(existing.accountId)?.label ?? existing.accountId;
        notAdded.push({
          position,
          masked: key.masked,
          reason: 'duplicate',
          detail: `Already in the pool, in account ${account}: nothing to add.`,
        });
        break;
      }
      default:
        candidates.push({ position, secret: key.secret, masked: key.masked });
    }
  }

  const probes = await inBatches(candidates, PROBE_CONCURRENCY, (candidate) =>
    services.checks.probe(provider, candidate.secret),
  );
  const accepted: Array<{ secret: string; probe: KeyProbe }> = [];
  candidates.forEach((candidate, index) => {
    const probe = probes[index]!;
    const verdict = probeVerdict(probe);
    if (verdict.verdict === 'invalid' || verdict.verdict === 'denied') {
      notAdded.push({
        position: candidate.position,
        masked: candidate.masked,
        reason: 'refused',
        detail: refusedDetail(providerName, provider, verdict.detail),
      });
    } else accepted.push({ secret: candidate.secret, probe });
  });
  notAdded.sort((a, b) => a.position - b.position);
  if (accepted.length === 0) return { added: [], notAdded };

  const added = await services.keys.addChecked({
    ...input,
    keys: accepted.map((key) => key.secret),
  });
  const now = Date.now();
  const result = added.map((key, index) => {
    const { probe } = accepted[index]!;
    // A key the provider answered for is checked now; one it could not be asked about, not yet.
    if (probe.kind === 'answered') store.keys.markChecked(key.id, now);
    return { key, check: probeVerdict(probe) };
  });
  const listed = accepted.find(({ probe }) => probe.kind === 'answered' && probe.status === 200);
  const models = listed?.probe.kind === 'answered' ? modelIdsOf(listed.probe.body) : undefined;
  adoptModelList(store.providers, provider, models);
  return { added: result, notAdded };
}

function refusedDetail(name: string, provider: ProviderRecord | undefined, reason: string): string {
  return provider
    ? `${name} refused it (${reason}): check that it is a key of this service and region. Not added.`
    : `Google refused it (${reason}): fix it in Google AI Studio (or enable the Generative Language API of its project), then add it again. Not added.`;
}
