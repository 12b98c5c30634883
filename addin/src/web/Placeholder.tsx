// What a page shows until its feature lands: its name, and the record it was opened on.
// The feature pages replace it (each <feature>/<Name>Page.tsx is theirs).
import { Text, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { WebPage } from './routes.ts';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
});

export function Placeholder(props: { page: WebPage; children?: ReactNode }) {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <section className={styles.page} aria-labelledby={`${props.page}-heading`} data-testid={`page-${props.page}`}>
      <h2 id={`${props.page}-heading`} className={styles.heading}>
        {t(`nav.${props.page}`)}
      </h2>
      {props.children ?? <Text>{t('placeholder.soon')}</Text>}
    </section>
  );
}
