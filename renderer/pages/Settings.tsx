import { PageHeader } from '../components/ui';
import { PricesCard } from './settings/PricesCard';
import { SettingsCards } from './settings/SettingsCards';

export function Settings() {
  return (
    <>
      <PageHeader title="Settings">
        The same settings as <code>gemgate config</code> (its name under each); changes apply at once. Backups
        are on their own page: <a href="#/backup">Backup</a>.
      </PageHeader>
      <SettingsCards />
      <PricesCard />
    </>
  );
}
