// The import and export page: export contacts or companies as CSV; import a CSV file
// in steps: choose what it holds and the file, check the column mapping the server
// suggests, dry-run it (what would be created, updated and rejected, by row), then
// import it and download the rejected rows with their reasons.
import {
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownloadRegular, ArrowUploadRegular, CheckmarkRegular } from '@fluentui/react-icons';
import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemError } from '../../api/errors.ts';
import { useFeatureStrings } from '../i18n.ts';
import { useWebClient, useWebFormats } from '../context.tsx';
import type { PageProps } from '../routes.ts';
import {
  exportCsv,
  previewImport,
  runImport,
  saveFile,
  type ImportEntity,
  type ImportPreview,
  type Mapping,
} from './import-api.ts';
import { IMPORT_NAMESPACE, IMPORT_STRINGS } from './import-strings.ts';
import { ImportSummary } from './ImportSummary.tsx';
import { MappingTable } from './MappingTable.tsx';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '60rem' },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, alignItems: 'flex-start' },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
  wide: { alignSelf: 'stretch' },
});

export default function ImportPage(_props: PageProps) {
  const t = useFeatureStrings(IMPORT_NAMESPACE, IMPORT_STRINGS);
  // The page's heading is its name in the shell's nav, as on every page.
  const { t: shell } = useTranslation();
  const client = useWebClient();
  const formats = useWebFormats();
  const styles = useStyles();
  const fileInput = useId();
  const [entity, setEntity] = useState<ImportEntity>('contacts');
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<Mapping>([]);
  const [existing, setExisting] = useState<'update' | 'skip'>('update');

  const reading = useMutation({
    mutationFn: (input: { entity: ImportEntity; file: File }) => previewImport(client, input.entity, input.file),
    onSuccess: (answer) => {
      setPreview(answer);
      setMapping(answer.suggestedMapping);
    },
  });
  const importing = useMutation({
    mutationFn: (dryRun: boolean) => {
      if (!file) throw new Error('no file');
      return runImport(client, { entity, file, mapping, dryRun, existing });
    },
  });
  const exporting = useMutation({
    mutationFn: (what: ImportEntity) => exportCsv(client, what),
    onSuccess: ({ blob, filename }) => saveFile(blob, filename),
  });

  const choose = (next: { entity?: ImportEntity; file?: File | null }) => {
    const nextEntity = next.entity ?? entity;
    const nextFile = next.file === undefined ? file : next.file;
    setEntity(nextEntity);
    setFile(nextFile);
    setPreview(null);
    importing.reset();
    if (nextFile) reading.mutate({ entity: nextEntity, file: nextFile });
    else reading.reset();
  };
  const problem = reading.error ?? importing.error ?? exporting.error;
  const result = importing.data;

  return (
    <section className={styles.page} aria-labelledby="import-heading" data-testid="page-import">
      <h2 id="import-heading" className={styles.heading}>
        {shell('nav.import')}
      </h2>

      <section className={styles.section} aria-labelledby="export-heading">
        <h3 id="export-heading">{t('export.heading')}</h3>
        <Text as="p">{t('export.intro')}</Text>
        <div className={styles.row}>
          {(['contacts', 'companies'] as const).map((what) => (
            <Button
              key={what}
              icon={<ArrowDownloadRegular />}
              disabled={exporting.isPending}
              onClick={() => exporting.mutate(what)}
            >
              {t(`export.${what}`)}
            </Button>
          ))}
        </div>
      </section>

      <section className={styles.section} aria-labelledby="import-file-heading">
        <h3 id="import-file-heading">{t('import.heading')}</h3>
        <Field label={t('import.entity')}>
          <RadioGroup
            layout="horizontal"
            value={entity}
            onChange={(_event, data) => choose({ entity: data.value as ImportEntity })}
          >
            <Radio value="contacts" label={t('import.contacts')} />
            <Radio value="companies" label={t('import.companies')} />
          </RadioGroup>
        </Field>
        <Field label={{ children: t('import.file'), htmlFor: fileInput }}>
          <input
            id={fileInput}
            type="file"
            accept=".csv,text/csv"
            onChange={(event) => choose({ file: event.target.files?.[0] ?? null })}
          />
        </Field>
        {reading.isPending && <Spinner size="tiny" label={t('import.reading')} />}
        {preview && (
          <>
            <Text as="p">
              {t('import.read', {
                rows: preview.rowCount,
                columns: preview.headers.length,
              })}
            </Text>
            <h4>{t('mapping.heading')}</h4>
            <div className={styles.wide}>
              <MappingTable preview={preview} mapping={mapping} onChange={setMapping} t={t} />
            </div>
            <Field label={t('import.existing')}>
              <RadioGroup value={existing} onChange={(_event, data) => setExisting(data.value as 'update' | 'skip')}>
                <Radio value="update" label={t('import.update')} />
                <Radio value="skip" label={t('import.skip')} />
              </RadioGroup>
            </Field>
            <div className={styles.row}>
              <Button icon={<CheckmarkRegular />} disabled={importing.isPending} onClick={() => importing.mutate(true)}>
                {t('import.dryRun')}
              </Button>
              <Button
                appearance="primary"
                icon={<ArrowUploadRegular />}
                disabled={importing.isPending}
                onClick={() => importing.mutate(false)}
              >
                {t('import.run')}
              </Button>
            </div>
          </>
        )}
        {importing.isPending && <Spinner size="tiny" label={t('import.running')} />}
      </section>

      {problem && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>{t('error')}</MessageBarTitle>
            <span dir="auto">{problemText(problem)}</span>
          </MessageBarBody>
        </MessageBar>
      )}

      {result && (
        <ImportSummary
          result={result}
          t={t}
          formatNumber={(n) => formats.number(n)}
          onDownload={(report) => saveFile(new Blob([report.csv], { type: 'text/csv;charset=utf-8' }), report.filename)}
        />
      )}
    </section>
  );
}

/** The server's own words for a refused file (its detail and field messages), else the error's message. */
function problemText(error: Error): string {
  if (!(error instanceof ProblemError)) return error.message;
  const fields = error.problem.errors?.map((e) => e.message).join('; ');
  return [error.problem.detail, fields].filter(Boolean).join(': ') || error.message;
}
