// The organisation's name and own domains (mail among them only is internal, not synced).
import { Field, Input, Textarea } from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../api.ts';
import { consoleKeys, useConsoleApi } from '../context.tsx';
import { SaveFooter } from './SaveFooter.tsx';
import { linesOf, useSettingsStyles } from './shared.ts';

export function TenantSection({ me }: { me: Me }) {
  const styles = useSettingsStyles();
  const { t } = useTranslation();
  const api = useConsoleApi();
  const client = useQueryClient();
  const [name, setName] = useState(me.tenant.name);
  const [domains, setDomains] = useState(me.tenant.domains.join('\n'));
  const save = useMutation({
    mutationFn: () => api.updateTenant({ name: name.trim(), domains: linesOf(domains).map((d) => d.toLowerCase()) }),
    onSuccess: (tenant) => {
      client.setQueryData<Me>(consoleKeys.me, (current) => current && { ...current, tenant });
      setDomains(tenant.domains.join('\n'));
      setName(tenant.name);
    },
  });
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <section className={styles.section} aria-labelledby="tenant-heading" data-testid="tenant-settings">
      <h3 id="tenant-heading" className={styles.sectionTitle}>
        {t('settings.tenant.heading')}
      </h3>
      <form className={styles.form} onSubmit={submit}>
        <Field label={t('settings.tenant.name')} required>
          <Input value={name} onChange={(_event, data) => setName(data.value)} maxLength={200} />
        </Field>
        <Field label={t('settings.tenant.domains')} hint={t('settings.tenant.domainsHint')}>
          <Textarea
            value={domains}
            onChange={(_event, data) => setDomains(data.value)}
            rows={3}
            dir="ltr"
            resize="vertical"
          />
        </Field>
        <SaveFooter save={save} primary disabled={!name.trim()} />
      </form>
    </section>
  );
}
