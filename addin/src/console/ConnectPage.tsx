// Connecting an organisation (admin consent): a placeholder for the onboarding page
// of issue 9, which takes this route (#/connect). Open to anyone, before sign-in.
import { makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';

const useStyles = makeStyles({
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
});

export function ConnectPage() {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <section aria-labelledby="connect-heading" data-testid="connect-page">
      <h2 id="connect-heading" className={styles.heading}>
        {t('connect.heading')}
      </h2>
      <p>{t('connect.placeholder')}</p>
    </section>
  );
}
