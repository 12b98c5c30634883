// The contact's open deals: where each stands in its pipeline, moved from here.
import { Button, Field, Select, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { lazy, Suspense, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Company, Contact, Deal } from '../../api/client.ts';
import { ErrorState } from '../../components/states.tsx';
import { useFormats } from '../../i18n/format.ts';
import { useMoveDeal, usePipelines } from './queries.ts';
import { DealStanding } from './DealStanding.tsx';

// Forms load when first opened: the card paints without them.
const NewDealForm = lazy(() => import('./DealForm.tsx'));

const useStyles = makeStyles({
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  top: { display: 'flex', justifyContent: 'space-between', gap: tokens.spacingHorizontalS, alignItems: 'baseline' },
  muted: { color: tokens.colorNeutralForeground3 },
});

function DealRow({ deal }: { deal: Deal }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const formats = useFormats();
  const pipelines = usePipelines();
  const move = useMoveDeal(deal.id);
  const stageText = t('deals.stageOf', {
    position: deal.stage.position,
    count: deal.stage.stageCount,
    stage: deal.stage.name,
  });
  const stages = pipelines.data?.find((p) => p.id === deal.pipeline.id)?.stages ?? [];
  return (
    <DealStanding
      deal={deal}
      stage={stageText}
      details={
        <>
          {' · '}
          <span className={styles.muted}>
            {t('deals.probability', { percent: formats.percent(deal.stage.probability) })}
          </span>
        </>
      }
    >
      <Field label={t('deals.moveTo')} size="small">
        <Select
          size="small"
          value={move.isPending ? move.variables : deal.stage.id}
          disabled={!stages.length || move.isPending}
          onChange={(_event, data) => data.value !== deal.stage.id && move.mutate(data.value)}
        >
          {stages.length === 0 && <option value={deal.stage.id}>{deal.stage.name}</option>}
          {stages.map((stage) => (
            <option key={stage.id} value={stage.id}>
              {stage.name}
            </option>
          ))}
        </Select>
      </Field>
      {move.isError && <ErrorState error={move.error} />}
    </DealStanding>
  );
}

export function DealsSection(props: { deals: Deal[]; contact: Contact; company: Company | null }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);
  const heading = useId();
  return (
    <section aria-labelledby={heading}>
      <div className={styles.top}>
        <Text as="h3" id={heading} weight="semibold">
          {t('deals.heading')}
        </Text>
        {!creating && (
          <Button size="small" appearance="subtle" onClick={() => setCreating(true)}>
            {t('deals.newDeal')}
          </Button>
        )}
      </div>
      {creating && (
        <Suspense fallback={<Spinner size="tiny" />}>
          <NewDealForm
            contact={props.contact}
            company={props.company}
            currency={props.deals[0]?.currency ?? 'EUR'}
            onDone={() => setCreating(false)}
          />
        </Suspense>
      )}
      {props.deals.length === 0 ? (
        <Text className={styles.muted}>{t('deals.none')}</Text>
      ) : (
        <ul className={styles.list}>
          {props.deals.map((deal) => (
            <DealRow key={deal.id} deal={deal} />
          ))}
        </ul>
      )}
    </section>
  );
}
