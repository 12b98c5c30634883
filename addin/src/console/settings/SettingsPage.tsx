// Settings: pipelines and stages, the organisation's own domains, what the mail sync
// keeps and leaves out, which folders it reads, and each user's role and sync.
import { useTranslation } from 'react-i18next';
import type { Me } from '../api.ts';
import { PipelinesSection } from './PipelinesSection.tsx';
import { useSettingsStyles } from './shared.ts';
import { FoldersSection, SyncSection } from './SyncSection.tsx';
import { TenantSection } from './TenantSection.tsx';
import { UsersSection } from './UsersSection.tsx';

export function SettingsPage({ me }: { me: Me }) {
  const styles = useSettingsStyles();
  const { t } = useTranslation();
  return (
    <section className={styles.page} aria-labelledby="settings-heading">
      <h2 id="settings-heading" className={styles.heading}>
        {t('settings.heading')}
      </h2>
      <PipelinesSection />
      <TenantSection me={me} />
      <SyncSection />
      <FoldersSection />
      <UsersSection me={me} />
    </section>
  );
}
