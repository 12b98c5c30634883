// Before the console: the development sign-in form, and the pages for those who
// cannot use the console (a member; a tenant whose admin has not connected it yet).
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
import type { Me } from './api.ts';
import { hrefOf } from './routes.ts';
import { DEMO_ADMIN_EMAIL } from './sign-in.ts';
import { ProblemBar } from './states.tsx';

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
  const { t } = useTranslation();
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

export function NotAdmin({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <MessageBar intent="info" layout="multiline" data-testid="not-admin">
      <MessageBarBody>
        <MessageBarTitle>{t('notAdmin.title')}</MessageBarTitle>
        {t('notAdmin.body', { name: me.displayName, tenant: me.tenant.name })}
      </MessageBarBody>
    </MessageBar>
  );
}

export function NotOnboarded() {
  const { t } = useTranslation();
  return (
    <MessageBar intent="warning" layout="multiline" data-testid="not-onboarded">
      <MessageBarBody>
        <MessageBarTitle>{t('notOnboarded.title')}</MessageBarTitle>
        {t('notOnboarded.body')} <Link href={`/console${hrefOf('connect')}`}>{t('notOnboarded.link')}</Link>
      </MessageBarBody>
    </MessageBar>
  );
}
