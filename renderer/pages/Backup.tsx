import { PageHeader } from '../components/ui';
import { BackupCard } from './settings/BackupCard';

export function Backup() {
  return (
    <>
      <PageHeader title="Backup">
        One encrypted file with accounts, keys, tokens, settings and prices, like{' '}
        <code>gemgate backup export</code>. The request log is not in it.
      </PageHeader>
      <BackupCard />
    </>
  );
}
