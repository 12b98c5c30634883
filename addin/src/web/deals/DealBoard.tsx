// The board: one column per stage of the pipeline, in the tenant's order (right to
// left in Persian: the row follows the page's direction), each with its count and
// total value per currency. A card dropped on another column moves the deal: with
// the mouse, with dnd-kit's keyboard dragging (arrow keys jump a column; every step
// is announced) or through the card's "Move to…" menu.
import {
  closestCenter,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
} from '@dnd-kit/core';
import { Badge, Button, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { Deal, DealBoard as Board } from '../../api/schema.d.ts';
import { useWebFormats } from '../context.tsx';
import type { BoardColumn } from './board-model.ts';
import { DealCard, DealCardOverlay } from './DealCard.tsx';
import { useDealsT } from './strings.ts';

type Stage = BoardColumn['stage'];

const useStyles = makeStyles({
  board: {
    display: 'flex',
    gap: tokens.spacingHorizontalM,
    overflowX: 'auto',
    paddingBlockEnd: tokens.spacingVerticalM,
    alignItems: 'flex-start',
    minBlockSize: '60vh',
  },
  column: {
    flex: '0 0 272px',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground3,
    borderBlockStartWidth: '3px',
    borderBlockStartStyle: 'solid',
    borderBlockStartColor: tokens.colorBrandStroke1,
    minBlockSize: '200px',
  },
  won: { borderBlockStartColor: tokens.colorPaletteGreenBorderActive },
  lost: { borderBlockStartColor: tokens.colorPaletteRedBorderActive },
  over: { outline: `2px dashed ${tokens.colorBrandStroke1}`, outlineOffset: '2px' },
  header: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  title: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  totals: { margin: 0, padding: 0, listStyle: 'none', fontVariantNumeric: 'tabular-nums' },
  cards: {
    margin: 0,
    padding: 0,
    listStyle: 'none',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** Mouse first: the column under the pointer. Keyboard (no pointer): the nearest column. */
const collisions: CollisionDetection = (args) => {
  const within = pointerWithin(args);
  return within.length ? within : closestCenter(args);
};

/** Left and right arrows jump to the next column on screen, whatever the page's direction. */
const columnByColumn: KeyboardCoordinateGetter = (event, { context }) => {
  const step = event.code === 'ArrowRight' ? 1 : event.code === 'ArrowLeft' ? -1 : 0;
  const { collisionRect, droppableRects, over } = context;
  if (!step || !collisionRect) return undefined;
  event.preventDefault();
  const columns = [...droppableRects.entries()].sort(([, a], [, b]) => a.left - b.left);
  const center = collisionRect.left + collisionRect.width / 2;
  const current = over
    ? columns.findIndex(([id]) => id === over.id)
    : columns.findIndex(([, rect]) => center >= rect.left && center <= rect.right);
  const next = columns[current === -1 ? (step > 0 ? 0 : columns.length - 1) : current + step];
  if (!next) return undefined;
  const [, rect] = next;
  return { x: rect.left + (rect.width - collisionRect.width) / 2, y: collisionRect.top };
};

function Column(props: {
  column: BoardColumn;
  stages: Stage[];
  onMove: (deal: Deal, toStage: Stage) => void;
  onMore: (column: BoardColumn) => void;
  loadingMore: boolean;
}) {
  const { column, stages, onMove } = props;
  const styles = useStyles();
  const t = useDealsT();
  const formats = useWebFormats();
  const { setNodeRef, isOver } = useDroppable({ id: column.stage.id, data: { stage: column.stage } });
  const headingId = `stage-${column.stage.id}`;
  return (
    <section
      ref={setNodeRef}
      aria-labelledby={headingId}
      data-testid="board-column"
      data-stage-id={column.stage.id}
      className={mergeClasses(
        styles.column,
        column.stage.isWon && styles.won,
        column.stage.isLost && styles.lost,
        isOver && styles.over,
      )}
    >
      <header className={styles.header}>
        <div className={styles.title}>
          <Text as="h3" weight="semibold" size={400} id={headingId}>
            {column.stage.name}
          </Text>
          {column.stage.isWon && <Badge color="success">{t('board.won')}</Badge>}
          {column.stage.isLost && <Badge color="danger">{t('board.lost')}</Badge>}
        </div>
        <Text data-testid="column-count">{t('board.count', { count: column.count })}</Text>
        <ul className={styles.totals} data-testid="column-totals">
          {column.totals.length === 0 ? (
            <li className={styles.muted}>{t('board.noValue')}</li>
          ) : (
            column.totals.map((total) => <li key={total.currency}>{formats.money(total.amount, total.currency)}</li>)
          )}
        </ul>
      </header>
      {column.deals.length === 0 ? (
        <Text className={styles.muted}>{t('board.empty')}</Text>
      ) : (
        <ul className={styles.cards}>
          {column.deals.map((deal) => (
            <li key={deal.id}>
              <DealCard deal={deal} stages={stages} onMove={onMove} />
            </li>
          ))}
        </ul>
      )}
      {column.nextCursor && (
        <Button appearance="subtle" disabled={props.loadingMore} onClick={() => props.onMore(column)}>
          {t('board.more')}
        </Button>
      )}
    </section>
  );
}

export function DealBoard(props: {
  board: Board;
  onMove: (deal: Deal, toStage: Stage) => void;
  onMore: (column: BoardColumn) => void;
  loadingMore: boolean;
}) {
  const styles = useStyles();
  const t = useDealsT();
  const [dragged, setDragged] = useState<Deal | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnByColumn }),
  );
  const stages = props.board.columns.map((c) => c.stage);
  const nameOf = (id: string | number) => props.board.columns.flatMap((c) => c.deals).find((d) => d.id === id)?.name;
  const stageName = (id: string | number | undefined) => stages.find((s) => s.id === id)?.name;
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('dnd.start', { deal: nameOf(active.id) }),
    onDragOver: ({ active, over }) =>
      over
        ? t('dnd.over', { deal: nameOf(active.id), stage: stageName(over.id) })
        : t('dnd.outside', { deal: nameOf(active.id) }),
    onDragEnd: ({ active, over }) =>
      over
        ? t('dnd.drop', { deal: nameOf(active.id), stage: stageName(over.id) })
        : t('dnd.dropOutside', { deal: nameOf(active.id) }),
    onDragCancel: ({ active }) => t('dnd.cancel', { deal: nameOf(active.id) }),
  };

  const onDragStart = (event: DragStartEvent) => {
    setDragged((event.active.data.current as { deal: Deal } | undefined)?.deal ?? null);
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragged(null);
    const deal = (active.data.current as { deal: Deal } | undefined)?.deal;
    const stage = stages.find((s) => s.id === over?.id);
    if (deal && stage && stage.id !== deal.stage.id) props.onMove(deal, stage);
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collisions}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setDragged(null)}
      accessibility={{ announcements, screenReaderInstructions: { draggable: t('dnd.instructions') } }}
    >
      <div
        className={styles.board}
        role="region"
        aria-label={t('board.label', { pipeline: props.board.pipeline.name })}
        data-testid="deal-board"
      >
        {props.board.columns.map((column) => (
          <Column
            key={column.stage.id}
            column={column}
            stages={stages}
            onMove={props.onMove}
            onMore={props.onMore}
            loadingMore={props.loadingMore}
          />
        ))}
      </div>
      <DragOverlay>{dragged && <DealCardOverlay deal={dragged} />}</DragOverlay>
    </DndContext>
  );
}
