// Before the console or the web app: the development sign-in form, and the page for
// those whose organisation's admin has not connected it yet.
import {
  Button,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { asApiError } from '../api/errors.ts';
import { DEMO_ADMIN_EMAIL } from './sign-in.ts';
import { ProblemBar } from './states.tsx';
import { SHELL_NAMESPACE } from './strings.ts';

/** The console's page that connects an organisation (open to anyone). */
export const CONNECT_HREF = '/console#/connect';

const useStyles = makeStyles({
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    maxInlineSize: '420px',
  },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
});

export function SignInForm({ onSignIn }: { onSignIn: (email: string) => Promise<void> }) {
  const styles = useStyles();
  const { t } = useTranslation(SHELL_NAMESPACE);
  const [email, setEmail] = useState(DEMO_ADMIN_EMAIL);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    onSignIn(email.trim()).catch((failure: unknown) => {
      setError(failure);
      setBusy(false);
    });
  };
  if (error !== null && asApiError(error).code === 'TENANT_NOT_ONBOARDED') return <NotOnboarded />;
  return (
    <form className={styles.form} onSubmit={submit} aria-labelledby="sign-in-heading">
      <h2 id="sign-in-heading" className={styles.heading}>
        {t('signIn.heading')}
      </h2>
      <p>{t('signIn.devHint')}</p>
      <Field label={t('signIn.email')} required>
        <Input type="email" value={email} onChange={(_event, data) => setEmail(data.value)} autoComplete="email" />
      </Field>
      {error !== null && <ProblemBar error={error} />}
      <Button appearance="primary" type="submit" disabled={busy || !email.trim()}>
        {busy ? t('signIn.signingIn') : t('signIn.submit')}
      </Button>
    </form>
  );
}

export function NotOnboarded() {
  const { t } = useTranslation(SHELL_NAMESPACE);
  return (
    <MessageBar intent="warning" layout="multiline" data-testid="not-onboarded">
      <MessageBarBody>
        <MessageBarTitle>{t('notOnboarded.title')}</MessageBarTitle>
        {t('notOnboarded.body')} <Link href={CONNECT_HREF}>{t('notOnboarded.link')}</Link>
      </MessageBarBody>
    </MessageBar>
  );
}
