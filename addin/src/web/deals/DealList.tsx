// The deals as a table: name, stage, value, owner, company, expected close; the page's
// filters apply, paged by the server's cursor ("Load more").
import {
  Button,
  Link,
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
import { Loading, ProblemBar } from '../../shell/index.ts';
import { useWebFormats } from '../context.tsx';
import { hrefOf } from '../routes.ts';
import { useDealList, type ListFilters } from './deals-queries.ts';
import { useDealsT } from './strings.ts';

const useStyles = makeStyles({
  wrap: { overflowX: 'auto' },
  value: { fontVariantNumeric: 'tabular-nums', textAlign: 'end' },
  more: { display: 'flex', justifyContent: 'center', paddingBlock: tokens.spacingVerticalM },
  muted: { color: tokens.colorNeutralForeground3 },
});

export function DealList({ filters }: { filters: ListFilters }) {
  const styles = useStyles();
  const t = useDealsT();
  const formats = useWebFormats();
  const list = useDealList(filters);
  if (list.isPending) return <Loading label={t('loading')} />;
  if (list.isError) return <ProblemBar error={list.error} onRetry={() => void list.refetch()} />;
  const deals = list.data.pages.flatMap((page) => page.items);
  return (
    <div className={styles.wrap}>
      <Table aria-label={t('list.label')} data-testid="deal-list">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t('list.name')}</TableHeaderCell>
            <TableHeaderCell>{t('list.stage')}</TableHeaderCell>
            <TableHeaderCell className={styles.value}>{t('list.value')}</TableHeaderCell>
            <TableHeaderCell>{t('list.owner')}</TableHeaderCell>
            <TableHeaderCell>{t('list.company')}</TableHeaderCell>
            <TableHeaderCell>{t('list.expectedClose')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {deals.map((deal) => (
            <TableRow key={deal.id} data-testid="deal-row">
              <TableCell>{deal.name}</TableCell>
              <TableCell>{deal.stage.name}</TableCell>
              <TableCell className={styles.value}>{formats.money(deal.value, deal.currency)}</TableCell>
              <TableCell>
                {deal.owner?.displayName ?? <span className={styles.muted}>{t('card.noOwner')}</span>}
              </TableCell>
              <TableCell>
                {deal.company ? (
                  <Link href={hrefOf({ page: 'companies', id: deal.company.id })}>{deal.company.name}</Link>
                ) : null}
              </TableCell>
              <TableCell>{deal.expectedCloseDate ? formats.day(deal.expectedCloseDate) : null}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {deals.length === 0 && <Text className={styles.muted}>{t('list.empty')}</Text>}
      {list.hasNextPage && (
        <div className={styles.more}>
          <Button disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('list.more')}
          </Button>
        </div>
      )}
    </div>
  );
}
