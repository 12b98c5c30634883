// What a dry run would do, or what an import did: the counts, the rejected rows with
// their row number in the file and the reason, and the report to download.
import {
  Button,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import type { TFunction } from 'i18next';
import type { ImportResult } from './import-api.ts';

const useStyles = makeStyles({
  counts: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXXL, margin: 0 },
  count: { display: 'flex', flexDirection: 'column', margin: 0 },
  value: { fontSize: tokens.fontSizeHero700, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  values: { wordBreak: 'break-word' },
});

export function ImportSummary(props: {
  result: ImportResult;
  t: TFunction;
  formatNumber: (n: number) => string;
  onDownload: (report: { filename: string; csv: string }) => void;
}) {
  const { result, t } = props;
  const styles = useStyles();
  const counts: [string, number][] = [
    [result.dryRun ? t('summary.wouldCreate') : t('summary.created'), result.created],
    [result.dryRun ? t('summary.wouldUpdate') : t('summary.updated'), result.updated],
    ...(result.skipped ? [[t('summary.skipped'), result.skipped] as [string, number]] : []),
    [t('summary.rejected'), result.rejected],
    ...(result.companiesCreated ? [[t('summary.companiesCreated'), result.companiesCreated] as [string, number]] : []),
  ];
  return (
    <section aria-labelledby="import-summary">
      <h3 id="import-summary">{result.dryRun ? t('summary.dryRunHeading') : t('summary.doneHeading')}</h3>
      <dl className={styles.counts}>
        {counts.map(([label, value]) => (
          <div key={label} className={styles.count}>
            <dt>{label}</dt>
            <dd className={styles.value}>{props.formatNumber(value)}</dd>
          </div>
        ))}
      </dl>
      {result.rejected === 0 ? (
        <Text as="p">{t('summary.none')}</Text>
      ) : (
        <>
          <h4>{t('summary.rejectedHeading')}</h4>
          {result.report && (
            <Button icon={<ArrowDownloadRegular />} onClick={() => result.report && props.onDownload(result.report)}>
              {t('summary.download')}
            </Button>
          )}
          {result.rejected > result.rejectedRows.length && (
            <Text as="p">
              {t('summary.moreRows', {
                shown: result.rejectedRows.length,
                total: result.rejected,
              })}
            </Text>
          )}
          <Table size="small" aria-label={t('summary.rejectedHeading')}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('summary.row')}</TableHeaderCell>
                <TableHeaderCell>{t('summary.reason')}</TableHeaderCell>
                <TableHeaderCell>{t('summary.values')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {result.rejectedRows.map((row) => (
                <TableRow key={row.row}>
                  <TableCell>{props.formatNumber(row.row)}</TableCell>
                  <TableCell>
                    <strong>{t(`reasons.${row.code}`)}</strong>
                    <br />
                    <span dir="auto">{row.message}</span>
                  </TableCell>
                  <TableCell className={styles.values}>
                    <span dir="auto">{row.values.filter(Boolean).join(' · ')}</span>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </section>
  );
}
