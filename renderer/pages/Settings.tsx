import { PageHeader } from '../components/ui';
import { BackupCard } from './settings/BackupCard';
import { PricesCard } from './settings/PricesCard';
import { SettingsCards } from './settings/SettingsCards';

export function Settings() {
  return (
    <>
      <PageHeader title="Settings">
        The same settings as <code>gemgate config</code>; changes apply at once.
      </PageHeader>
      <SettingsCards />
      <PricesCard />
      <BackupCard />
    </>
  );
}
