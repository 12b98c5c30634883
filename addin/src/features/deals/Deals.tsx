// The contact's open deals: where each stands in its pipeline, moved from here.
import { Button, Field, Select, Spinner, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Company, Contact, Deal } from '../../api/client.ts';

// Forms load when first opened: the card paints without them.
const NewDealForm = lazy(() => import('./DealForm.tsx'));
import { useFormats } from '../../i18n/format.ts';
import { useApi } from '../../state/context.tsx';
import { refreshCrm, usePipelines } from '../../state/queries.ts';
import { ErrorState } from '../../components/states.tsx';

const useStyles = makeStyles({
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  deal: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    paddingBlock: tokens.spacingVerticalS,
    paddingInline: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  top: { display: 'flex', justifyContent: 'space-between', gap: tokens.spacingHorizontalS, alignItems: 'baseline' },
  track: { display: 'flex', gap: '2px', blockSize: '6px' },
  step: { flexGrow: 1, borderRadius: '3px', backgroundColor: tokens.colorNeutralStroke2 },
  done: { backgroundColor: tokens.colorBrandBackground },
  muted: { color: tokens.colorNeutralForeground3 },
});

export function StageTrack({ deal, label }: { deal: Deal; label: string }) {
  const styles = useStyles();
  return (
    <div className={styles.track} role="img" aria-label={label} data-testid="stage-track">
      {Array.from({ length: deal.stage.stageCount }, (_, index) => (
        <span key={index} className={mergeClasses(styles.step, index < deal.stage.position && styles.done)} />
      ))}
    </div>
  );
}

function DealRow({ deal }: { deal: Deal }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const formats = useFormats();
  const api = useApi();
  const client = useQueryClient();
  const pipelines = usePipelines();
  const move = useMutation({
    mutationFn: (stageId: string) => api.moveDeal(deal.id, stageId),
    onSuccess: () => refreshCrm(client),
  });
  const stageText = t('deals.stageOf', {
    position: deal.stage.position,
    count: deal.stage.stageCount,
    stage: deal.stage.name,
  });
  const stages = pipelines.data?.find((p) => p.id === deal.pipeline.id)?.stages ?? [];
  return (
    <li className={styles.deal} data-testid="deal">
      <div className={styles.top}>
        <Text weight="semibold">{deal.name}</Text>
        <Text>{formats.money(deal.value, deal.currency)}</Text>
      </div>
      <StageTrack deal={deal} label={stageText} />
      <Text size={200}>
        {stageText}
        {' · '}
        <span className={styles.muted}>
          {t('deals.probability', { percent: formats.percent(deal.stage.probability) })}
        </span>
      </Text>
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
    </li>
  );
}

export function DealsSection(props: { deals: Deal[]; contact: Contact; company: Company | null }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);
  return (
    <section aria-labelledby="deals-heading">
      <div className={styles.top}>
        <Text as="h3" id="deals-heading" weight="semibold">
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
