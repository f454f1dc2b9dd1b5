import type { AccountView, ClientPolicyView, PoolModelView, Tier } from '../../proxy/http/admin/contract';
import { ModelPicker, splitList } from './ModelPicker';

/** A policy as the form edits it: text where the user types lists and numbers. */
export interface PolicyDraft {
  allowModels: string;
  hideModels: string;
  allowProviders: string;
  allowTiers: Tier[];
  allowAccounts: string[];
  resume: 'default' | 'off';
  storeInteractions: 'default' | 'off';
  rpm: string;
  dailyUsd: string;
  monthlyUsd: string;
}

const BOTH_TIERS: Tier[] = ['primary', 'backup'];

export function draftFromPolicy(policy: ClientPolicyView = {}): PolicyDraft {
  return {
    allowModels: policy.allowModels?.join(', ') ?? '',
    hideModels: policy.hideModels?.join(', ') ?? '',
    allowProviders: policy.allowProviders?.join(', ') ?? '',
    allowTiers: policy.allowTiers ?? BOTH_TIERS,
    allowAccounts: policy.allowAccounts ?? [],
    resume: policy.resume === false ? 'off' : 'default',
    storeInteractions: policy.storeInteractions === false ? 'off' : 'default',
    rpm: policy.rpm?.toString() ?? '',
    dailyUsd: policy.dailyUsd?.toString() ?? '',
    monthlyUsd: policy.monthlyUsd?.toString() ?? '',
  };
}

function list(text: string): string[] | undefined {
  const items = splitList(text);
  return items.length > 0 ? items : undefined;
}

function number(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

/** Only what the user limited: an empty field means "no limit" and is left out. */
export function policyFromDraft(draft: PolicyDraft): ClientPolicyView {
  const policy: ClientPolicyView = {
    allowModels: list(draft.allowModels),
    hideModels: list(draft.hideModels),
    allowProviders: list(draft.allowProviders),
    allowTiers: draft.allowTiers.length === BOTH_TIERS.length ? undefined : draft.allowTiers,
    allowAccounts: draft.allowAccounts.length > 0 ? draft.allowAccounts : undefined,
    resume: draft.resume === 'off' ? false : undefined,
    storeInteractions: draft.storeInteractions === 'off' ? false : undefined,
    rpm: number(draft.rpm),
    dailyUsd: number(draft.dailyUsd),
    monthlyUsd: number(draft.monthlyUsd),
  };
  return Object.fromEntries(Object.entries(policy).filter(([, value]) => value !== undefined));
}

/** The fields of a client policy, each labelled, each empty for "no limit". */
export function PolicyFields({
  idBase,
  draft,
  onChange,
  accounts,
  models,
}: {
  idBase: string;
  draft: PolicyDraft;
  onChange: (draft: PolicyDraft) => void;
  accounts: AccountView[];
  /** The pool's models, offered as choices. */
  models: readonly PoolModelView[];
}) {
  const set = <K extends keyof PolicyDraft>(field: K, value: PolicyDraft[K]) =>
    onChange({ ...draft, [field]: value });
  const toggle = <T,>(items: T[], item: T) =>
    items.includes(item) ? items.filter((entry) => entry !== item) : [...items, item];
  return (
    <div className="policy-fields">
      <ModelPicker
        idBase={idBase}
        value={draft.allowModels}
        onChange={(value) => set('allowModels', value)}
        models={models}
      />
      <div className="form-row">
        <label htmlFor={`${idBase}-hidden`}>
          Hidden from its model list
          <input
            id={`${idBase}-hidden`}
            value={draft.hideModels}
            onChange={(event) => set('hideModels', event.target.value)}
            placeholder="*-preview-*"
          />
        </label>
        <label htmlFor={`${idBase}-providers`}>
          Allowed providers <span className="muted">(empty: all)</span>
          <input
            id={`${idBase}-providers`}
            value={draft.allowProviders}
            onChange={(event) => set('allowProviders', event.target.value)}
            placeholder="gemini, qwen"
          />
        </label>
      </div>
      <div className="form-row">
        <fieldset>
          <legend>Key tiers it may use</legend>
          {BOTH_TIERS.map((tier) => (
            <label key={tier} className="checkbox">
              <input
                type="checkbox"
                checked={draft.allowTiers.includes(tier)}
                onChange={() => set('allowTiers', toggle(draft.allowTiers, tier))}
              />
              {tier === 'primary' ? 'Primary' : 'Backup'}
            </label>
          ))}
        </fieldset>
        {accounts.length > 0 && (
          <fieldset>
            <legend>Accounts it may use (none ticked: all)</legend>
            {accounts.map((account) => (
              <label key={account.id} className="checkbox">
                <input
                  type="checkbox"
                  checked={draft.allowAccounts.includes(account.id)}
                  onChange={() => set('allowAccounts', toggle(draft.allowAccounts, account.id))}
                />
                {account.label}
              </label>
            ))}
          </fieldset>
        )}
        <label htmlFor={`${idBase}-resume`}>
          Resume of cut streams
          <select
            id={`${idBase}-resume`}
            value={draft.resume}
            onChange={(event) => set('resume', event.target.value as PolicyDraft['resume'])}
          >
            <option value="default">As in Settings</option>
            <option value="off">Off for this token</option>
          </select>
        </label>
        <label htmlFor={`${idBase}-store-interactions`}>
          Interactions stored at Google
          <select
            id={`${idBase}-store-interactions`}
            value={draft.storeInteractions}
            onChange={(event) =>
              set('storeInteractions', event.target.value as PolicyDraft['storeInteractions'])
            }
          >
            <option value="default">As the client asks</option>
            <option value="off">Never (store: false)</option>
          </select>
        </label>
      </div>
      <div className="form-row">
        <label htmlFor={`${idBase}-rpm`}>
          Requests per minute
          <input
            id={`${idBase}-rpm`}
            type="number"
            min={1}
            value={draft.rpm}
            onChange={(event) => set('rpm', event.target.value)}
            placeholder="no limit"
          />
        </label>
        <label htmlFor={`${idBase}-daily`}>
          Spend per day (USD)
          <input
            id={`${idBase}-daily`}
            type="number"
            min={0}
            step="0.01"
            value={draft.dailyUsd}
            onChange={(event) => set('dailyUsd', event.target.value)}
            placeholder="no limit"
          />
        </label>
        <label htmlFor={`${idBase}-monthly`}>
          Spend per month (USD)
          <input
            id={`${idBase}-monthly`}
            type="number"
            min={0}
            step="0.01"
            value={draft.monthlyUsd}
            onChange={(event) => set('monthlyUsd', event.target.value)}
            placeholder="no limit"
          />
        </label>
      </div>
    </div>
  );
}
