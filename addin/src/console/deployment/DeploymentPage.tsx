// Deployment: the manifests for a host (this server's public URL by default), each
// checked, downloadable and at a stable URL for Microsoft 365 admin center; which to
// pick; the rollout steps; and the PowerShell that limits which mailboxes the sync reads.
import { Badge, Button, Card, Field, Input, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Manifest } from '../api.ts';
import { useBrowser } from '../browser.ts';
import { consoleKeys, useConsoleApi } from '../context.tsx';
import { Loading, ProblemBar } from '../../shell/index.ts';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL },
  heading: { margin: 0, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  sectionTitle: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  hostForm: { display: 'flex', alignItems: 'flex-end', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  hostField: { flexGrow: 1, maxInlineSize: '520px' },
  manifests: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(340px, 1fr))',
    gap: tokens.spacingHorizontalL,
  },
  card: { gap: tokens.spacingVerticalS },
  cardTitle: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  url: { flexGrow: 1, minInlineSize: '200px' },
  code: {
    margin: 0,
    padding: tokens.spacingHorizontalM,
    overflowX: 'auto',
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: 'pre',
    // Code reads left to right in every language.
    direction: 'ltr',
    textAlign: 'left',
  },
  muted: { color: tokens.colorNeutralForeground2 },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXXL },
});

/** An https origin (scheme, host, port; nothing after it), or null. */
export function httpsOrigin(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username || url.password) return null;
  return url.origin === text.trim().replace(/\/$/, '').toLowerCase() ? url.origin : null;
}

export function DeploymentPage() {
  const styles = useStyles();
  const { t } = useTranslation();
  const api = useConsoleApi();
  const [host, setHost] = useState<string | null>(null);
  const deployment = useQuery({
    queryKey: consoleKeys.deployment(host),
    queryFn: ({ signal }) => api.deployment(host, signal),
    // Another host: the last manifests stay on screen (and the host field keeps focus) until the new ones arrive.
    placeholderData: (previous) => previous,
  });
  return (
    <section className={styles.page} aria-labelledby="deployment-heading">
      <h2 id="deployment-heading" className={styles.heading}>
        {t('deployment.heading')}
      </h2>
      <Text>{t('deployment.intro')}</Text>
      {/* Once this server's public URL is known: it fills the field first. */}
      {deployment.data && <HostForm initial={host ?? deployment.data.publicUrl} onHost={(origin) => setHost(origin)} />}
      {deployment.isPending ? (
        <Loading />
      ) : deployment.isError ? (
        <ProblemBar error={deployment.error} onRetry={() => void deployment.refetch()} />
      ) : (
        <>
          <section className={styles.section} aria-labelledby="manifests-heading">
            <h3 id="manifests-heading" className={styles.sectionTitle}>
              {t('deployment.manifests.heading', { host: deployment.data.host })}
            </h3>
            <Text className={styles.muted}>{t('deployment.manifests.addinId', { id: deployment.data.addinId })}</Text>
            <div className={styles.manifests}>
              {deployment.data.manifests.map((manifest) => (
                <ManifestCard key={manifest.kind} manifest={manifest} />
              ))}
            </div>
          </section>
          <WhichManifest />
          <Rollout versions={deployment.data.manifests.map((m) => m.version)} />
          <Rbac powershell={deployment.data.rbac.powershell} syncAppId={deployment.data.syncAppId} />
        </>
      )}
    </section>
  );
}

function HostForm(props: { initial: string; onHost: (origin: string) => void }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [text, setText] = useState(props.initial);
  const [invalid, setInvalid] = useState(false);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const origin = httpsOrigin(text);
    setInvalid(origin === null);
    if (origin) props.onHost(origin);
  };
  return (
    <form className={styles.hostForm} onSubmit={submit}>
      <Field
        className={styles.hostField}
        label={t('deployment.host.label')}
        hint={t('deployment.host.hint')}
        validationState={invalid ? 'error' : 'none'}
        validationMessage={invalid ? t('deployment.host.invalid') : undefined}
      >
        <Input
          type="url"
          value={text}
          onChange={(_event, data) => setText(data.value)}
          dir="ltr"
          data-testid="host-input"
        />
      </Field>
      <Button type="submit">{t('deployment.host.apply')}</Button>
    </form>
  );
}

function ManifestCard({ manifest }: { manifest: Manifest }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const api = useConsoleApi();
  const browser = useBrowser();
  const titleId = `manifest-${manifest.kind}`;
  const download = useMutation({
    mutationFn: async () => {
      const file = await api.download(manifest.downloadPath);
      browser.saveFile(file.blob, manifest.fileName);
    },
  });
  return (
    <Card className={styles.card} role="group" aria-labelledby={titleId} data-testid={`manifest-${manifest.kind}`}>
      <h4 id={titleId} className={styles.cardTitle}>
        {t(`deployment.manifests.${manifest.kind}.title`)}
      </h4>
      <Text className={styles.muted}>{t(`deployment.manifests.${manifest.kind}.reach`)}</Text>
      <Text>
        {t('deployment.manifests.version')} <strong dir="ltr">{manifest.version}</strong> ·{' '}
        <span dir="ltr">{manifest.fileName}</span>
      </Text>
      <div className={styles.row}>
        {manifest.check.ok ? (
          <Badge appearance="tint" color="success" data-testid="check">
            {t('deployment.manifests.checkOk')}
          </Badge>
        ) : (
          <Badge appearance="tint" color="danger" data-testid="check">
            {t('deployment.manifests.checkFailed')}
          </Badge>
        )}
      </div>
      {!manifest.check.ok && (
        <ul className={styles.list} data-testid="check-problems">
          {manifest.check.problems.map((problem, i) => (
            <li key={i}>{problem}</li>
          ))}
        </ul>
      )}
      <div className={styles.row}>
        <Button
          appearance="primary"
          onClick={() => download.mutate()}
          disabled={download.isPending}
          aria-label={t('deployment.manifests.downloadNamed', { file: manifest.fileName })}
        >
          {t('deployment.manifests.download')}
        </Button>
      </div>
      {download.isError && <ProblemBar error={download.error} />}
      {manifest.stableUrl ? (
        <CopyField
          label={t('deployment.manifests.stableUrl')}
          hint={t('deployment.manifests.stableUrlHint')}
          value={manifest.stableUrl}
        />
      ) : (
        <Text className={styles.muted}>{t('deployment.manifests.noStableUrl')}</Text>
      )}
    </Card>
  );
}

function CopyField(props: { label: string; hint: string; value: string }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const browser = useBrowser();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = () => {
    browser.copyText(props.value).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };
  return (
    <Field
      label={props.label}
      hint={props.hint}
      validationState={state === 'copied' ? 'success' : state === 'failed' ? 'warning' : 'none'}
      validationMessage={state === 'copied' ? t('copy.done') : state === 'failed' ? t('copy.failed') : undefined}
    >
      <div className={styles.row}>
        <Input className={styles.url} readOnly value={props.value} dir="ltr" />
        <Button onClick={copy} aria-label={t('copy.named', { what: props.label })}>
          {t('copy.button')}
        </Button>
      </div>
    </Field>
  );
}

function WhichManifest() {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <section className={styles.section} aria-labelledby="which-heading">
      <h3 id="which-heading" className={styles.sectionTitle}>
        {t('deployment.which.heading')}
      </h3>
      <ul className={styles.list}>
        <li>{t('deployment.which.xml')}</li>
        <li>{t('deployment.which.json')}</li>
      </ul>
      <Text className={styles.muted}>{t('deployment.which.both')}</Text>
    </section>
  );
}

function Rollout({ versions }: { versions: string[] }) {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <section className={styles.section} aria-labelledby="rollout-heading" data-testid="rollout">
      <h3 id="rollout-heading" className={styles.sectionTitle}>
        {t('deployment.rollout.heading')}
      </h3>
      <ol className={styles.list}>
        <li>{t('deployment.rollout.upload')}</li>
        <li>{t('deployment.rollout.justMe')}</li>
        <li>{t('deployment.rollout.pilot')}</li>
        <li>{t('deployment.rollout.everyone')}</li>
      </ol>
      <Text>{t('deployment.rollout.delay')}</Text>
      <h4 className={styles.sectionTitle}>{t('deployment.rollout.updatesHeading')}</h4>
      <Text>{t('deployment.rollout.version', { version: [...new Set(versions)].join(' / ') })}</Text>
      <Text>{t('deployment.rollout.reconsentIntro')}</Text>
      <ul className={styles.list}>
        <li>{t('deployment.rollout.reconsentPermissions')}</li>
        <li>{t('deployment.rollout.reconsentScopes')}</li>
        <li>{t('deployment.rollout.reconsentEvents')}</li>
      </ul>
      <Text className={styles.muted}>{t('deployment.rollout.noReconsent')}</Text>
    </section>
  );
}

function Rbac({ powershell, syncAppId }: { powershell: string; syncAppId: string | null }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const browser = useBrowser();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <section className={styles.section} aria-labelledby="rbac-heading" data-testid="rbac">
      <h3 id="rbac-heading" className={styles.sectionTitle}>
        {t('deployment.rbac.heading')}
      </h3>
      <Text>{t('deployment.rbac.intro')}</Text>
      {syncAppId && (
        <Text>
          {t('deployment.rbac.appId')} <code dir="ltr">{syncAppId}</code>
        </Text>
      )}
      {/* Focusable, so a keyboard can scroll the long lines; a region, so it is named. */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- scrollable code must take focus (axe: scrollable-region-focusable) */}
      <pre className={styles.code} tabIndex={0} role="region" aria-label={t('deployment.rbac.codeLabel')}>
        <code>{powershell}</code>
      </pre>
      <div className={styles.row}>
        <Button
          onClick={() => {
            browser.copyText(powershell).then(
              () => setState('copied'),
              () => setState('failed'),
            );
          }}
        >
          {t('deployment.rbac.copy')}
        </Button>
        <span role="status">{state === 'copied' ? t('copy.done') : state === 'failed' ? t('copy.failed') : ''}</span>
      </div>
      <Text>{t('deployment.rbac.notPermitted')}</Text>
    </section>
  );
}
