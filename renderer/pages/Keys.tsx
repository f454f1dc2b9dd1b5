import { useState } from 'react';
import type { CheckView } from '../../proxy/http/admin/contract';
import { api, errorMessage } from '../api/client';
import { useNow, useResource } from '../api/useResource';
import { ErrorNotice, Loading, PageHeader } from '../components/ui';
import { AddKeys } from './keys/AddKeys';
import { AccountCard } from './keys/AccountCard';
import { Providers } from './keys/Providers';

/** Accounts and keys: add keys first, then each account with its projects, then the providers. */
export function Keys() {
  // Traffic ticks move the quota bars while requests flow.
  const accounts = useResource(api.accounts, ['keys', 'status', 'usage', 'traffic']);
  const providers = useResource(api.providers, ['keys']);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string>();
  const [checks, setChecks] = useState<CheckView[]>();
  const now = useNow();

  const run = async (action: () => Promise<unknown>) => {
    setActionError(undefined);
    try {
      await action();
    } catch (error) {
      setActionError(errorMessage(error));
    } finally {
      accounts.reload();
    }
  };

  const checkAll = async () => {
    setBusy(true);
    await run(async () => setChecks((await api.checkAllKeys()).results));
    setBusy(false);
  };
  const reloadBoth = () => {
    accounts.reload();
    providers.reload();
  };

  return (
    <>
      <PageHeader title="Accounts & keys">
        Keys of one Google Cloud project share its quota; another provider&apos;s keys of one account share
        that account&apos;s. Keys are shown masked; gemgate never sends one to this page.
      </PageHeader>
      <AddKeys
        accounts={accounts.data?.accounts ?? []}
        providers={(providers.data?.providers ?? []).map((provider) => provider.name)}
        onAdded={reloadBoth}
      />
      <ErrorNotice message={actionError ?? accounts.error} />
      <div className="toolbar">
        <button type="button" onClick={() => void checkAll()} disabled={busy}>
          {busy ? 'Checking…' : 'Check all keys'}
        </button>
        {checks && (
          <span role="status" className="muted">
            {checks.filter((check) => check.ok).length} of {checks.length} keys answered OK.
          </span>
        )}
      </div>
      {!accounts.data ? (
        <Loading />
      ) : accounts.data.accounts.length === 0 ? (
        <p className="muted">No accounts yet: paste a key above to create one.</p>
      ) : (
        accounts.data.accounts.map((account) => (
          <AccountCard key={account.id} account={account} now={now} run={run} />
        ))
      )}
      <Providers providers={providers.data} onChanged={reloadBoth} />
    </>
  );
}
