// Pipelines and their stages: rename, make default, add, edit, reorder and remove
// stages (a stage an open deal uses cannot go: the server answers 409), new pipelines.
import {
  Badge,
  Button,
  Field,
  Input,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Pipeline, Stage } from '../api.ts';
import { consoleKeys, useConsoleApi } from '../context.tsx';
import { Loading, ProblemBar } from '../../shell/index.ts';
import { useSettingsStyles } from './shared.ts';

type Outcome = 'open' | 'won' | 'lost';
const outcomeOf = (stage: Pick<Stage, 'isWon' | 'isLost'>): Outcome =>
  stage.isWon ? 'won' : stage.isLost ? 'lost' : 'open';
const flagsOf = (outcome: Outcome) => ({ isWon: outcome === 'won', isLost: outcome === 'lost' });

/** A whole-number percentage typed in any digits the locale uses, or null. */
function percentOf(text: string): number | null {
  const ascii = text.trim().replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x6f0));
  if (!/^\d{1,3}$/.test(ascii)) return null;
  const value = Number(ascii);
  return value <= 100 ? value : null;
}

/** Every change answers with the whole pipeline: put it in the list. */
function useSavePipeline() {
  const client = useQueryClient();
  return (pipeline: Pipeline) =>
    client.setQueryData<Pipeline[]>(consoleKeys.pipelines, (list) => {
      if (!list) return [pipeline];
      const others = pipeline.isDefault ? list.map((p) => ({ ...p, isDefault: false })) : list;
      return others.some((p) => p.id === pipeline.id)
        ? others.map((p) => (p.id === pipeline.id ? pipeline : p))
        : [...others, pipeline];
    });
}

export function PipelinesSection() {
  const styles = useSettingsStyles();
  const { t } = useTranslation();
  const api = useConsoleApi();
  const pipelines = useQuery({ queryKey: consoleKeys.pipelines, queryFn: ({ signal }) => api.pipelines(signal) });
  return (
    <section className={styles.section} aria-labelledby="pipelines-heading" data-testid="pipelines">
      <h3 id="pipelines-heading" className={styles.sectionTitle}>
        {t('settings.pipelines.heading')}
      </h3>
      {pipelines.isPending ? (
        <Loading />
      ) : pipelines.isError ? (
        <ProblemBar error={pipelines.error} onRetry={() => void pipelines.refetch()} />
      ) : (
        pipelines.data.map((pipeline) => <PipelineEditor key={pipeline.id} pipeline={pipeline} />)
      )}
      <NewPipeline />
    </section>
  );
}

function PipelineEditor({ pipeline }: { pipeline: Pipeline }) {
  const styles = useSettingsStyles();
  const { t } = useTranslation();
  const api = useConsoleApi();
  const save = useSavePipeline();
  const [name, setName] = useState(pipeline.name);
  const change = useMutation({
    mutationFn: (run: () => Promise<Pipeline>) => run(),
    onSuccess: save,
  });
  const headingId = `pipeline-${pipeline.id}`;
  const move = (index: number, by: -1 | 1) => {
    const ids = pipeline.stages.map((s) => s.id);
    const [moved] = ids.splice(index, 1);
    if (!moved) return;
    ids.splice(index + by, 0, moved);
    change.mutate(() => api.reorderStages(pipeline.id, ids));
  };
  return (
    <section aria-labelledby={headingId} className={styles.form} data-testid="pipeline">
      <h4 id={headingId} className={styles.subTitle}>
        {pipeline.name}{' '}
        {pipeline.isDefault && (
          <Badge appearance="tint" color="brand">
            {t('settings.pipelines.default')}
          </Badge>
        )}
      </h4>
      <form
        className={styles.row}
        onSubmit={(event) => {
          event.preventDefault();
          change.mutate(() => api.updatePipeline(pipeline.id, { name: name.trim() }));
        }}
      >
        <Field label={t('settings.pipelines.name')}>
          <Input value={name} onChange={(_event, data) => setName(data.value)} maxLength={200} />
        </Field>
        <Button type="submit" disabled={change.isPending || !name.trim() || name.trim() === pipeline.name}>
          {t('settings.pipelines.rename')}
        </Button>
        {!pipeline.isDefault && (
          <Button
            disabled={change.isPending}
            onClick={() => change.mutate(() => api.updatePipeline(pipeline.id, { isDefault: true }))}
          >
            {t('settings.pipelines.makeDefault')}
          </Button>
        )}
      </form>
      {change.isError && <ProblemBar error={change.error} />}
      <Table
        className={styles.table}
        size="small"
        aria-label={t('settings.pipelines.stagesOf', { name: pipeline.name })}
      >
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t('settings.pipelines.position')}</TableHeaderCell>
            <TableHeaderCell>{t('settings.pipelines.stage')}</TableHeaderCell>
            <TableHeaderCell>{t('settings.pipelines.probability')}</TableHeaderCell>
            <TableHeaderCell>{t('settings.pipelines.outcome')}</TableHeaderCell>
            <TableHeaderCell>{t('settings.pipelines.actions')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {pipeline.stages.map((stage, index) => (
            <StageRow
              key={`${stage.id}:${stage.name}:${stage.probability}:${outcomeOf(stage)}`}
              stage={stage}
              first={index === 0}
              last={index === pipeline.stages.length - 1}
              busy={change.isPending}
              onSave={(input) => change.mutate(() => api.updateStage(pipeline.id, stage.id, input))}
              onMove={(by) => move(index, by)}
              onRemove={() => change.mutate(() => api.removeStage(pipeline.id, stage.id))}
            />
          ))}
        </TableBody>
      </Table>
      <AddStage pipeline={pipeline} busy={change.isPending} onAdd={(run) => change.mutate(run)} />
    </section>
  );
}

type StageInput = { name: string; probability: number; isWon: boolean; isLost: boolean };

function StageRow(props: {
  stage: Stage;
  first: boolean;
  last: boolean;
  busy: boolean;
  onSave: (input: StageInput) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const styles = useSettingsStyles();
  const { t } = useTranslation();
  const { stage } = props;
  const [name, setName] = useState(stage.name);
  const [probability, setProbability] = useState(String(stage.probability));
  const [outcome, setOutcome] = useState<Outcome>(outcomeOf(stage));
  const percent = percentOf(probability);
  const dirty = name.trim() !== stage.name || percent !== stage.probability || outcome !== outcomeOf(stage);
  const label = (key: string) => t(key, { stage: stage.name });
  return (
    <TableRow data-testid="stage-row">
      <TableCell>{stage.position}</TableCell>
      <TableCell>
        <Input
          size="small"
          value={name}
          onChange={(_event, data) => setName(data.value)}
          aria-label={label('settings.pipelines.nameOf')}
          maxLength={200}
        />
      </TableCell>
      <TableCell>
        <Input
          size="small"
          className={styles.narrow}
          value={probability}
          inputMode="numeric"
          onChange={(_event, data) => setProbability(data.value)}
          aria-label={label('settings.pipelines.probabilityOf')}
          aria-invalid={percent === null}
          contentAfter="%"
        />
      </TableCell>
      <TableCell>
        <Select
          size="small"
          value={outcome}
          onChange={(_event, data) => setOutcome(data.value as Outcome)}
          aria-label={label('settings.pipelines.outcomeOf')}
        >
          <option value="open">{t('settings.pipelines.open')}</option>
          <option value="won">{t('settings.pipelines.won')}</option>
          <option value="lost">{t('settings.pipelines.lost')}</option>
        </Select>
      </TableCell>
      <TableCell>
        <div className={styles.actions}>
          <Button
            size="small"
            appearance="primary"
            disabled={props.busy || !dirty || percent === null || !name.trim()}
            onClick={() => props.onSave({ name: name.trim(), probability: percent ?? 0, ...flagsOf(outcome) })}
            aria-label={label('settings.pipelines.saveStage')}
          >
            {t('save')}
          </Button>
          <Button
            size="small"
            disabled={props.busy || props.first}
            onClick={() => props.onMove(-1)}
            aria-label={label('settings.pipelines.moveUp')}
          >
            ↑
          </Button>
          <Button
            size="small"
            disabled={props.busy || props.last}
            onClick={() => props.onMove(1)}
            aria-label={label('settings.pipelines.moveDown')}
          >
            ↓
          </Button>
          <Button
            size="small"
            disabled={props.busy}
            onClick={props.onRemove}
            aria-label={label('settings.pipelines.remove')}
          >
            {t('settings.pipelines.removeShort')}
          </Button>
        </div>
      </TableCell>
    </TableRow>
  );
}

function AddStage(props: { pipeline: Pipeline; busy: boolean; onAdd: (run: () => Promise<Pipeline>) => void }) {
  const styles = useSettingsStyles();
  const { t } = useTranslation();
  const api = useConsoleApi();
  const [name, setName] = useState('');
  const [probability, setProbability] = useState('50');
  const [outcome, setOutcome] = useState<Outcome>('open');
  const percent = percentOf(probability);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (percent === null || !name.trim()) return;
    props.onAdd(async () => {
      const pipeline = await api.addStage(props.pipeline.id, {
        name: name.trim(),
        probability: percent,
        ...flagsOf(outcome),
      });
      setName('');
      return pipeline;
    });
  };
  return (
    <form
      className={styles.row}
      onSubmit={submit}
      aria-label={t('settings.pipelines.addTo', { name: props.pipeline.name })}
    >
      <Field label={t('settings.pipelines.newStage')}>
        <Input value={name} onChange={(_event, data) => setName(data.value)} maxLength={200} />
      </Field>
      <Field
        label={t('settings.pipelines.probability')}
        validationState={percent === null ? 'error' : 'none'}
        validationMessage={percent === null ? t('settings.pipelines.percentInvalid') : undefined}
      >
        <Input
          className={styles.narrow}
          value={probability}
          inputMode="numeric"
          onChange={(_event, data) => setProbability(data.value)}
          contentAfter="%"
        />
      </Field>
      <Field label={t('settings.pipelines.outcome')}>
        <Select value={outcome} onChange={(_event, data) => setOutcome(data.value as Outcome)}>
          <option value="open">{t('settings.pipelines.open')}</option>
          <option value="won">{t('settings.pipelines.won')}</option>
          <option value="lost">{t('settings.pipelines.lost')}</option>
        </Select>
      </Field>
      <Button type="submit" disabled={props.busy || !name.trim() || percent === null}>
        {t('settings.pipelines.addStage')}
      </Button>
    </form>
  );
}

function NewPipeline() {
  const styles = useSettingsStyles();
  const { t } = useTranslation();
  const api = useConsoleApi();
  const save = useSavePipeline();
  const [name, setName] = useState('');
  const [firstStage, setFirstStage] = useState('');
  const create = useMutation({
    mutationFn: () =>
      api.createPipeline({
        name: name.trim(),
        isDefault: false,
        stages: [{ name: firstStage.trim(), probability: 10, isWon: false, isLost: false }],
      }),
    onSuccess: (pipeline) => {
      save(pipeline);
      setName('');
      setFirstStage('');
    },
  });
  return (
    <form
      className={styles.form}
      aria-labelledby="new-pipeline-heading"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate();
      }}
    >
      <h4 id="new-pipeline-heading" className={styles.subTitle}>
        {t('settings.pipelines.new')}
      </h4>
      <div className={styles.row}>
        <Field label={t('settings.pipelines.name')}>
          <Input value={name} onChange={(_event, data) => setName(data.value)} maxLength={200} />
        </Field>
        <Field label={t('settings.pipelines.firstStage')}>
          <Input value={firstStage} onChange={(_event, data) => setFirstStage(data.value)} maxLength={200} />
        </Field>
        <Button type="submit" disabled={create.isPending || !name.trim() || !firstStage.trim()}>
          {t('settings.pipelines.create')}
        </Button>
      </div>
      {create.isError && <ProblemBar error={create.error} />}
    </form>
  );
}
