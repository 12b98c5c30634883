// The console's #/connect page: what CRM for Outlook asks of a Microsoft 365
// organisation and why, the two steps an admin takes (consent for the organisation,
// then the mail sync's consent) as plain links to the server's redirects, the result of
// the last step (the server sends the browser back here with ?result=<code>), and the
// link a user of an organisation that is not connected yet sends to their admin.
// Every text from the server or the URL is rendered as text; an unknown result code
// shows nothing.
import {
  Body1,
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle2,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type * as S from '../../api/schema.d.ts';
import { CONNECT_NAMESPACE, CONNECT_RESULTS, type ConnectResult } from './connect-strings.ts';

/** GET /api/v1/onboarding, as the OpenAPI document describes it. */
export type OnboardingInfo = S.OnboardingInfo;

/** The page's route query, `#/connect?result=…&step=…`: only codes the page knows. */
export function parseConnectQuery(query: string): { result: ConnectResult | null; step: 'sync' | null } {
  const params = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  const result = params.get('result');
  return {
    result: CONNECT_RESULTS.includes(result as ConnectResult) ? (result as ConnectResult) : null,
    step: params.get('step') === 'sync' ? 'sync' : null,
  };
}

/** Reads the page's data; it needs no sign-in (the people here may not be able to sign in yet). */
export async function fetchOnboardingInfo(origin: string, fetcher: typeof fetch = fetch): Promise<OnboardingInfo> {
  const res = await fetcher(`${origin}/api/v1/onboarding`, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`GET /api/v1/onboarding answered ${res.status}`);
  return (await res.json()) as OnboardingInfo;
}

const INTENT: Record<ConnectResult, 'success' | 'warning' | 'error'> = {
  connected: 'success',
  reconnected: 'success',
  'sync-connected': 'success',
  'sync-consented': 'success',
  cancelled: 'warning',
  'admin-required': 'warning',
  'state-invalid': 'error',
  'state-expired': 'warning',
  'tenant-mismatch': 'error',
  'sign-in-failed': 'error',
  'directory-taken': 'error',
  'sign-in-required': 'warning',
  'sync-unavailable': 'warning',
  failed: 'error',
};

/** Results after which the next thing to do is allowing the sync. */
const SYNC_NEXT = new Set<ConnectResult>(['connected', 'reconnected', 'sign-in-required']);

const useStyles = makeStyles({
  page: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    maxInlineSize: '48rem',
    paddingBlock: tokens.spacingVerticalL,
    paddingInline: tokens.spacingHorizontalL,
  },
  step: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, alignItems: 'flex-start' },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
  scope: { fontFamily: tokens.fontFamilyMonospace, unicodeBidi: 'isolate', direction: 'ltr' },
  link: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end', inlineSize: '100%' },
  grow: { flexGrow: 1 },
});

/** What the last finished attempt gave; an attempt not finished yet is loading. */
type Loaded = { attempt: number } & ({ kind: 'ready'; info: OnboardingInfo } | { kind: 'failed' });

export function ConnectPage(props: {
  /** GET /api/v1/onboarding: fetchOnboardingInfo(origin) in the console, a fake in tests. */
  loadInfo: () => Promise<OnboardingInfo>;
  /** From the route's query (parseConnectQuery). */
  result: ConnectResult | null;
  step: 'sync' | null;
  /** The console's origin: the link a user sends their admin is `${origin}/console#/connect`. */
  origin: string;
  /** Copies the link (navigator.clipboard in a browser). */
  copyText?: (text: string) => Promise<void>;
}) {
  const { t, i18n } = useTranslation(CONNECT_NAMESPACE);
  const styles = useStyles();
  const [attempt, setAttempt] = useState(0);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [copied, setCopied] = useState(false);
  const { loadInfo } = props;

  useEffect(() => {
    let current = true;
    loadInfo().then(
      (info) => current && setLoaded({ attempt, kind: 'ready', info }),
      () => current && setLoaded({ attempt, kind: 'failed' }),
    );
    return () => {
      current = false;
    };
  }, [loadInfo, attempt]);
  const load = loaded?.attempt === attempt ? loaded : { kind: 'loading' as const };

  const adminLink = `${props.origin}/console#/connect`;
  const copy = props.copyText ?? ((text: string) => navigator.clipboard.writeText(text));
  const syncNext = props.step === 'sync' || (props.result !== null && SYNC_NEXT.has(props.result));
  const explain = (scope: string) => {
    // api://host/<client id>/access_as_user → access_as_user; User.Read → User_Read (the key).
    const name = scope.includes('://') ? scope.slice(scope.lastIndexOf('/') + 1) : scope;
    const key = name.replace(/\./g, '_');
    return /^\w+$/.test(key)
      ? t(`needs.scope.${key}`, { defaultValue: t('needs.scope.other') })
      : t('needs.scope.other');
  };

  return (
    <section
      className={styles.page}
      dir={i18n.dir(i18n.language)}
      lang={i18n.language}
      aria-labelledby="connect-title"
      data-testid="connect-page"
    >
      <Title2 as="h1" id="connect-title">
        {t('title')}
      </Title2>
      {props.result && (
        <MessageBar intent={INTENT[props.result]} politeness="polite" data-testid="connect-result">
          <MessageBarBody>{t(`result.${props.result}`)}</MessageBarBody>
        </MessageBar>
      )}
      <Body1>{t('intro')}</Body1>

      {load.kind === 'loading' && <Spinner size="small" label={t('loading')} />}
      {load.kind === 'failed' && (
        <MessageBar intent="error">
          <MessageBarBody>{t('loadFailed')}</MessageBarBody>
          <Button onClick={() => setAttempt((n) => n + 1)}>{t('retry')}</Button>
        </MessageBar>
      )}
      {load.kind === 'ready' && (
        <>
          {!load.info.available && (
            <MessageBar intent="info" data-testid="connect-unavailable">
              <MessageBarBody>{t('unavailable')}</MessageBarBody>
            </MessageBar>
          )}
          <div className={styles.step}>
            <Subtitle2 as="h2">{t('connect.heading')}</Subtitle2>
            <Body1>{t('connect.body')}</Body1>
            {load.info.available ? (
              <Button as="a" href={load.info.startUrl} appearance={syncNext ? 'secondary' : 'primary'}>
                {t('connect.button')}
              </Button>
            ) : (
              <Button disabled>{t('connect.button')}</Button>
            )}
          </div>
          <div className={styles.step}>
            <Subtitle2 as="h2">{t('sync.heading')}</Subtitle2>
            <Body1>{t('sync.body')}</Body1>
            {load.info.available && load.info.syncAvailable ? (
              <Button as="a" href={load.info.syncStartUrl} appearance={syncNext ? 'primary' : 'secondary'}>
                {t('sync.button')}
              </Button>
            ) : (
              <>
                {load.info.available && <Caption1>{t('sync.unavailable')}</Caption1>}
                <Button disabled>{t('sync.button')}</Button>
              </>
            )}
          </div>
          <div className={styles.step}>
            <Subtitle2 as="h2">{t('needs.heading')}</Subtitle2>
            <Body1>{t('needs.delegated')}</Body1>
            <ul className={styles.list} data-testid="needs-delegated">
              {load.info.needs.delegated.map((scope) => (
                <li key={scope}>
                  <bdi className={styles.scope}>{scope}</bdi>: {explain(scope)}
                </li>
              ))}
            </ul>
            <Body1>{t('needs.application')}</Body1>
            <ul className={styles.list} data-testid="needs-application">
              {load.info.needs.application.map((scope) => (
                <li key={scope}>
                  <bdi className={styles.scope}>{scope}</bdi>: {explain(scope)}
                </li>
              ))}
            </ul>
          </div>
        </>
      )}

      <div className={styles.step}>
        <Subtitle2 as="h2">{t('forUsers.heading')}</Subtitle2>
        <div className={styles.link}>
          <Field label={t('forUsers.body')} className={styles.grow}>
            <Input readOnly value={adminLink} dir="ltr" data-testid="admin-link" />
          </Field>
          <Button
            onClick={() => {
              copy(adminLink).then(
                () => setCopied(true),
                () => setCopied(false),
              );
            }}
          >
            {copied ? t('forUsers.copied') : t('forUsers.copy')}
          </Button>
        </div>
      </div>
    </section>
  );
}
