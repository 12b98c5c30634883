// A record's open deals: name, value and where each stands in its pipeline (the
// pane's stage track).
import { Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { TFunction } from 'i18next';
import { DealStanding } from '../../features/deals/DealStanding.tsx';
import { ProblemBar } from '../../shell/index.ts';
import { useOpenDeals } from './queries.ts';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  muted: { color: tokens.colorNeutralForeground3 },
});

export function OpenDeals({ filter, t }: { filter: { contactId: string } | { companyId: string }; t: TFunction }) {
  const styles = useStyles();
  const deals = useOpenDeals(filter);
  return (
    <section className={styles.section} aria-labelledby="open-deals-heading" data-testid="open-deals">
      <h3 id="open-deals-heading" className={styles.heading}>
        {t('deals.heading')}
      </h3>
      {deals.isPending ? (
        <Spinner size="tiny" />
      ) : deals.isError ? (
        <ProblemBar error={deals.error} onRetry={() => void deals.refetch()} />
      ) : deals.data.items.length === 0 ? (
        <Text className={styles.muted}>{t('deals.none')}</Text>
      ) : (
        <ul className={styles.list}>
          {deals.data.items.map((deal) => {
            const stage = t('deals.stage', {
              stage: deal.stage.name,
              position: deal.stage.position,
              count: deal.stage.stageCount,
            });
            return (
              <DealStanding
                key={deal.id}
                deal={deal}
                stage={stage}
                details={deal.owner && <span className={styles.muted}> · {deal.owner.displayName}</span>}
              />
            );
          })}
        </ul>
      )}
    </section>
  );
}
