// Who the person is: the contact's own record, as the CRM has it, with links to it (and
// their company) in the web app, which open in a new browser tab.
import { Badge, Link, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../api/client.ts';
import { useFormats } from '../../i18n/format.ts';
import { Initials } from './Initials.tsx';

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  header: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  who: { display: 'flex', flexDirection: 'column', minInlineSize: 0 },
  name: { overflowWrap: 'anywhere' },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  label: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, overflowWrap: 'anywhere' },
  tags: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** A link out of the pane: a new browser tab (Outlook opens target=_blank links in the browser), never the pane itself. */
function OutLink({ href, label, children }: { href: string; label?: string; children: string }) {
  return (
    <Link href={href} target="_blank" rel="noopener noreferrer" aria-label={label}>
      {children}
    </Link>
  );
}

/**
 * `appUrl`: the web app's address (`https://host/app`); with it, the card links to the
 * contact's record ("Open in CRM") and the company's. Without it (the web app's own
 * record page), no links.
 */
export function ContactCard({ contact, appUrl }: { contact: Contact; appUrl?: string }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const formats = useFormats();
  const { company } = contact;
  return (
    <section className={styles.card} data-testid="contact-card" data-contact-email={contact.emails[0] ?? ''}>
      <div className={styles.header}>
        <Initials name={contact.name} size={48} />
        <div className={styles.who}>
          <Text as="h2" size={500} weight="semibold" className={styles.name}>
            {contact.name}
          </Text>
          {(contact.title || company) && (
            <Text>
              {contact.title}
              {contact.title && company && ' · '}
              {company &&
                (appUrl ? (
                  <OutLink
                    href={`${appUrl}#/companies/${encodeURIComponent(company.id)}`}
                    label={t('contact.openCompany', { company: company.name })}
                  >
                    {company.name}
                  </OutLink>
                ) : (
                  company.name
                ))}
            </Text>
          )}
          <Text size={200} className={styles.muted}>
            {contact.lastContactedAt
              ? t('contact.lastContacted', { date: formats.day(contact.lastContactedAt) })
              : t('contact.neverContacted')}
          </Text>
        </div>
      </div>
      <dl className={styles.facts}>
        {contact.phone && (
          <>
            <dt className={styles.label}>{t('contact.phone')}</dt>
            <dd className={styles.value}>
              <Link href={`tel:${contact.phone.replace(/[^\d+]/g, '')}`} dir="ltr">
                {contact.phone}
              </Link>
            </dd>
          </>
        )}
        {contact.emails.length > 0 && (
          <>
            <dt className={styles.label}>{t('contact.emails')}</dt>
            <dd className={styles.value} dir="ltr">
              {formats.list(contact.emails)}
            </dd>
          </>
        )}
        <dt className={styles.label}>{t('contact.owner')}</dt>
        <dd className={styles.value}>{contact.owner?.displayName ?? t('contact.noOwner')}</dd>
      </dl>
      {appUrl && (
        <div>
          <OutLink href={`${appUrl}#/contacts/${encodeURIComponent(contact.id)}`}>{t('contact.openInCrm')}</OutLink>
        </div>
      )}
      {contact.tags.length > 0 && (
        <div className={styles.tags} aria-label={t('contact.tags')}>
          {contact.tags.map((tag) => (
            <Badge key={tag} appearance="tint" shape="rounded">
              {tag}
            </Badge>
          ))}
        </div>
      )}
    </section>
  );
}
