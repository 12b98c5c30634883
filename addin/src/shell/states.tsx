// Loading and error states of the console and the web app. An error shows what the
// server said (the problem's title and detail, as text) under a line in the user's language.
import {
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Button,
  Spinner,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { asApiError, ProblemError } from '../api/errors.ts';
import { SHELL_NAMESPACE } from './strings.ts';

/** Problem codes the shell words itself, beyond the server's text. */
const KNOWN_CODES: Record<string, string> = {
  SYNC_DISABLED: 'errors.syncDisabled',
  LAST_ADMIN: 'errors.lastAdmin',
  TENANT_NOT_ONBOARDED: 'errors.notOnboarded',
  TENANT_NOT_FOUND: 'errors.tenantNotFound',
  SIGN_IN_UNAVAILABLE: 'errors.signInUnavailable',
};

export function ProblemBar({
  error,
  onRetry,
  testId = 'problem',
}: {
  error: unknown;
  onRetry?: () => void;
  testId?: string;
}) {
  const { t } = useTranslation(SHELL_NAMESPACE);
  const apiError = asApiError(error);
  const problem = error instanceof ProblemError ? error.problem : null;
  const known = apiError.code ? KNOWN_CODES[apiError.code] : undefined;
  const serverText = problem ? (problem.detail ?? problem.title) : null;
  return (
    <MessageBar
      intent={apiError.kind === 'offline' ? 'warning' : 'error'}
      layout="multiline"
      data-testid={testId}
      data-code={apiError.code ?? undefined}
    >
      <MessageBarBody>
        <MessageBarTitle>{t(known ?? `errors.${apiError.kind}`)}</MessageBarTitle>
        {serverText && <span data-testid="problem-detail">{serverText}</span>}
        {problem?.errors?.length ? (
          <ul>
            {problem.errors.map((field) => (
              <li key={`${field.path}:${field.message}`}>
                {field.path}: {field.message}
              </li>
            ))}
          </ul>
        ) : null}
      </MessageBarBody>
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

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation(SHELL_NAMESPACE);
  return <Spinner size="small" label={label ?? t('loading')} data-testid="loading" />;
}
