// Loading, empty, error and notice states. Skeletons take the card's own shape,
// so nothing jumps when the data arrives; errors say what to do, never what broke inside.
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Skeleton,
  SkeletonItem,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { asApiError } from '../api/errors.ts';
import { useSession } from '../state/context.tsx';
import { isSignInError, SignInState } from './SignIn.tsx';

const useStyles = makeStyles({
  skeleton: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    paddingBlock: tokens.spacingVerticalS,
  },
  header: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  lines: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, flexGrow: 1 },
  notice: { paddingBlock: tokens.spacingVerticalXXL, textAlign: 'center', color: tokens.colorNeutralForeground3 },
});

export function CardSkeleton() {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <Skeleton className={styles.skeleton} aria-label={t('pane.loading')} aria-busy data-testid="card-skeleton">
      <div className={styles.header}>
        <SkeletonItem shape="circle" size={48} />
        <div className={styles.lines}>
          <SkeletonItem size={20} style={{ inlineSize: '60%' }} />
          <SkeletonItem size={12} style={{ inlineSize: '40%' }} />
        </div>
      </div>
      <SkeletonItem size={12} />
      <SkeletonItem size={12} style={{ inlineSize: '80%' }} />
      <SkeletonItem size={48} />
      <SkeletonItem size={32} />
      <SkeletonItem size={32} />
    </Skeleton>
  );
}

export function errorMessageKey(error: unknown): string {
  const apiError = asApiError(error);
  if (apiError.code === 'SIGN_IN_UNAVAILABLE') return 'errors.signInUnavailable';
  return `errors.${apiError.kind}`;
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const apiError = asApiError(error);
  // Nobody signed in (or an organisation not connected): the way out is signing in, not trying again.
  if (session && isSignInError(apiError)) {
    return <SignInState error={apiError} onSignedIn={onRetry ?? (() => undefined)} />;
  }
  return (
    <MessageBar intent={apiError.kind === 'offline' ? 'warning' : 'error'} layout="multiline" data-testid="error">
      <MessageBarBody>{t(errorMessageKey(error))}</MessageBarBody>
      {onRetry && (
        <MessageBarActions>
          <Button size="small" onClick={onRetry}>
            {t('errors.retry')}
          </Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}

export function Notice({ children, testId }: { children: string; testId: string }) {
  const styles = useStyles();
  return (
    <p className={styles.notice} data-testid={testId}>
      {children}
    </p>
  );
}
