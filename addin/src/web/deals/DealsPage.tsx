// The deals page: a pipeline as a board (drag, keyboard or "Move to…" moves a deal,
// recorded on its timeline by the server) or the deals as a list, with the same
// pipeline, owner and status filters.
import {
  Field,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Button,
  Select,
  Tab,
  TabList,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { Deal } from '../../api/schema.d.ts';
import { ProblemError } from '../../api/errors.ts';
import { Loading, ProblemBar } from '../../shell/index.ts';
import { useFeatureStrings } from '../i18n.ts';
import type { PageProps } from '../routes.ts';
import type { BoardColumn } from './board-model.ts';
import { DealBoard } from './DealBoard.tsx';
import { DealList } from './DealList.tsx';
import {
  dealKeys,
  useBoard,
  useMoreOfColumn,
  useMoveDeal,
  usePipelines,
  type OwnerChoice,
  type StatusChoice,
} from './deals-queries.ts';
import { DEALS_NAMESPACE, DEALS_STRINGS } from './strings.ts';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minInlineSize: 0 },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  bar: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalL },
  live: {
    position: 'absolute',
    inlineSize: '1px',
    blockSize: '1px',
    overflow: 'hidden',
    clipPath: 'inset(50%)',
    whiteSpace: 'nowrap',
  },
});

/** The server's explanation of a refusal, or the error's own message. */
const problemText = (error: Error) =>
  error instanceof ProblemError ? (error.problem.detail ?? error.problem.title) : error.message;

type Notice = { intent: 'error' | 'warning'; text: string } | null;

export default function DealsPage(_props: PageProps) {
  const styles = useStyles();
  const t = useFeatureStrings(DEALS_NAMESPACE, DEALS_STRINGS);
  const [view, setView] = useState<'board' | 'list'>('board');
  const [chosenPipeline, setPipeline] = useState<string | null>(null);
  const [owner, setOwner] = useState<OwnerChoice>('all');
  const [status, setStatus] = useState<StatusChoice>('open');
  const [stageId, setStageId] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [announcement, setAnnouncement] = useState('');

  const pipelines = usePipelines();
  const pipelineId = chosenPipeline ?? pipelines.data?.[0]?.id ?? null;
  const pipeline = pipelines.data?.find((p) => p.id === pipelineId);
  const filters = { owner, status };
  const board = useBoard(view === 'board' ? pipelineId : null, filters);
  const move = useMoveDeal(pipelineId ? dealKeys.board(pipelineId, filters) : null);
  const more = useMoreOfColumn(pipelineId ?? '', filters);

  const onMove = (deal: Deal, toStage: { id: string; name: string }) => {
    setNotice(null);
    move.mutate(
      { deal, toStage },
      {
        onSuccess: () => setAnnouncement(t('move.moved', { deal: deal.name, stage: toStage.name })),
        onError: (error) =>
          setNotice(
            error instanceof ProblemError && error.status === 409
              ? { intent: 'warning', text: t('move.conflict', { deal: deal.name }) }
              : {
                  intent: 'error',
                  text: t('move.failed', { deal: deal.name, stage: toStage.name, reason: problemText(error) }),
                },
          ),
      },
    );
  };
  const onMore = (column: BoardColumn) => {
    if (column.nextCursor) more.mutate({ stageId: column.stage.id, cursor: column.nextCursor });
  };

  return (
    <section className={styles.page} aria-labelledby="deals-heading" data-testid="page-deals">
      <div className={styles.bar}>
        <h2 id="deals-heading" className={styles.heading}>
          {t('title')}
        </h2>
        <TabList
          selectedValue={view}
          onTabSelect={(_event, data) => setView(data.value as 'board' | 'list')}
          aria-label={t('view.label')}
        >
          <Tab value="board">{t('view.board')}</Tab>
          <Tab value="list">{t('view.list')}</Tab>
        </TabList>
      </div>
      {pipelines.isPending ? (
        <Loading label={t('loading')} />
      ) : pipelines.isError ? (
        <ProblemBar error={pipelines.error} onRetry={() => void pipelines.refetch()} />
      ) : !pipeline ? (
        <Text>{t('noPipelines')}</Text>
      ) : (
        <>
          <div className={styles.bar}>
            <Field label={t('filters.pipeline')}>
              <Select
                value={pipeline.id}
                onChange={(_event, data) => {
                  setPipeline(data.value);
                  setStageId(null);
                }}
              >
                {pipelines.data.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label={t('filters.owner')}>
              <Select value={owner} onChange={(_event, data) => setOwner(data.value as OwnerChoice)}>
                <option value="all">{t('filters.ownerAll')}</option>
                <option value="me">{t('filters.ownerMe')}</option>
              </Select>
            </Field>
            <Field label={t('filters.status')}>
              <Select value={status} onChange={(_event, data) => setStatus(data.value as StatusChoice)}>
                <option value="open">{t('filters.statusOpen')}</option>
                <option value="won">{t('filters.statusWon')}</option>
                <option value="lost">{t('filters.statusLost')}</option>
                <option value="all">{t('filters.statusAll')}</option>
              </Select>
            </Field>
            {view === 'list' && (
              <Field label={t('filters.stage')}>
                <Select value={stageId ?? ''} onChange={(_event, data) => setStageId(data.value || null)}>
                  <option value="">{t('filters.anyStage')}</option>
                  {pipeline.stages.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </Select>
              </Field>
            )}
          </div>
          {notice && (
            <MessageBar intent={notice.intent} data-testid="move-notice">
              <MessageBarBody>{notice.text}</MessageBarBody>
              <MessageBarActions>
                <Button appearance="transparent" onClick={() => setNotice(null)}>
                  {t('move.dismiss')}
                </Button>
              </MessageBarActions>
            </MessageBar>
          )}
          <div role="status" aria-live="polite" className={styles.live} data-testid="move-announcement">
            {announcement}
          </div>
          {view === 'list' ? (
            <DealList filters={{ pipelineId: pipeline.id, stageId, owner, status }} />
          ) : board.isPending ? (
            <Loading label={t('loading')} />
          ) : board.isError ? (
            <ProblemBar error={board.error} onRetry={() => void board.refetch()} />
          ) : (
            <DealBoard board={board.data} onMove={onMove} onMore={onMore} loadingMore={more.isPending} />
          )}
        </>
      )}
    </section>
  );
}
