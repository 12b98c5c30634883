// Signed out: a Sign in button (the sign-in window needs a click, or the browser
// blocks it). An organisation that is not connected: the link to send the admin.
import {
  Button,
  Link,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { asApiError, type ApiError } from '../api/errors.ts';
import { useSession, type Session } from '../state/context.tsx';

const useStyles = makeStyles({
  box: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: tokens.spacingVerticalM,
    paddingBlock: tokens.spacingVerticalL,
  },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  // A URL reads left to right inside right-to-left text too.
  link: { overflowWrap: 'anywhere', unicodeBidi: 'isolate' },
});

/** The organisation has not connected the product: its admin must (the server's or Entra's word). */
const NOT_CONNECTED = new Set(['TENANT_NOT_ONBOARDED', 'ADMIN_CONSENT_REQUIRED']);
const FAILURE_KEYS: Record<string, string> = {
  SIGN_IN_CANCELLED: 'signIn.cancelled',
  SIGN_IN_BLOCKED: 'signIn.blocked',
  SIGN_IN_FAILED: 'signIn.failed',
};

/** Whether the error is the pane's to fix by signing in (or by the admin connecting the organisation). */
export function isSignInError(error: ApiError): boolean {
  return error.kind === 'signedOut' && error.code !== 'SIGN_IN_UNAVAILABLE';
}

function NotConnected({ session, onRetry }: { session: Session; onRetry: () => void }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = () => {
    // The clipboard may be missing or refused (a frame without the permission): the link stays there to copy by hand.
    const clipboard = (navigator as Partial<Navigator>).clipboard;
    if (!clipboard) return;
    clipboard.writeText(session.connectUrl).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <MessageBar intent="warning" layout="multiline" data-testid="not-connected">
      <MessageBarBody>
        <Text block>{t('signIn.notConnected')}</Text>
        <Link
          href={session.connectUrl}
          target="_blank"
          rel="noopener noreferrer"
          dir="ltr"
          className={styles.link}
          data-testid="connect-link"
        >
          {session.connectUrl}
        </Link>
        {copied && (
          <Text block role="status">
            {t('signIn.copied')}
          </Text>
        )}
      </MessageBarBody>
      <MessageBarActions>
        <Button size="small" onClick={copy}>
          {t('signIn.copyLink')}
        </Button>
        <Button size="small" onClick={onRetry}>
          {t('errors.retry')}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}

/**
 * What the pane shows instead of a card while nobody is signed in. `onSignedIn` asks
 * again for what failed.
 */
export function SignInState({ error, onSignedIn }: { error: ApiError; onSignedIn: () => void }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const session = useSession();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  if (!session) return null;

  const signIn = () => {
    setBusy(true);
    setFailure(null);
    session.signIn().then(
      () => {
        setBusy(false);
        onSignedIn();
      },
      (reason: unknown) => {
        setBusy(false);
        setFailure(asApiError(reason));
      },
    );
  };
  const cancel = () => {
    session.cancelSignIn();
    setBusy(false);
  };

  const code = failure?.code ?? error.code;
  if (code && NOT_CONNECTED.has(code)) {
    // Entra's refusal is mended by signing in once the admin has consented; the server's, by asking again.
    return <NotConnected session={session} onRetry={failure ? signIn : onSignedIn} />;
  }
  const failureKey = failure?.code ? FAILURE_KEYS[failure.code] : undefined;
  return (
    <section className={styles.box} data-testid="sign-in" aria-busy={busy}>
      <Text>{t('signIn.prompt')}</Text>
      {failure && (
        <MessageBar
          intent={failure.kind === 'offline' ? 'warning' : failure.code === 'SIGN_IN_CANCELLED' ? 'info' : 'error'}
          layout="multiline"
          data-testid="sign-in-failed"
        >
          <MessageBarBody>
            {t(failureKey ?? (failure.kind === 'offline' ? 'errors.offline' : 'signIn.failed'))}
          </MessageBarBody>
        </MessageBar>
      )}
      {busy ? (
        <div className={styles.row}>
          <Spinner size="tiny" label={t('signIn.signingIn')} />
          <Button size="small" onClick={cancel}>
            {t('signIn.cancel')}
          </Button>
        </div>
      ) : (
        <Button appearance="primary" onClick={signIn} data-testid="sign-in-button">
          {t('signIn.button')}
        </Button>
      )}
    </section>
  );
}
