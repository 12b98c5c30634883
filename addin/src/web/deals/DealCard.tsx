// A deal on the board: its name, company, value and owner, links to its company and
// contact records, a drag handle (the whole card drags with the mouse; the handle is
// what the keyboard picks up) and a "Move to…" menu for whoever does not drag.
import { useDraggable } from '@dnd-kit/core';
import {
  Button,
  Link,
  Menu,
  MenuItemRadio,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { ArrowMove20Regular, ReOrderDotsVertical20Regular } from '@fluentui/react-icons';
import type { KeyboardEventHandler, PointerEventHandler } from 'react';
import type { Deal, DealBoard } from '../../api/schema.d.ts';
import { useWebFormats } from '../context.tsx';
import { hrefOf } from '../routes.ts';
import { useDealsT } from './strings.ts';

type Stage = DealBoard['columns'][number]['stage'];

const useStyles = makeStyles({
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    paddingBlock: tokens.spacingVerticalS,
    paddingInlineStart: tokens.spacingHorizontalXS,
    paddingInlineEnd: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
    touchAction: 'none',
    cursor: 'grab',
  },
  dragging: { opacity: 0.4 },
  overlay: { boxShadow: tokens.shadow16, cursor: 'grabbing' },
  top: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalXXS },
  name: { flexGrow: 1, overflowWrap: 'anywhere', paddingBlockStart: tokens.spacingVerticalXXS },
  details: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    paddingInlineStart: tokens.spacingHorizontalXXL,
  },
  value: { fontVariantNumeric: 'tabular-nums' },
  muted: { color: tokens.colorNeutralForeground3 },
});

export type DealCardProps = {
  deal: Deal;
  stages: Stage[];
  onMove: (deal: Deal, toStage: Stage) => void;
};

/** A card on the board: draggable. */
export function DealCard({ deal, stages, onMove }: DealCardProps) {
  const t = useDealsT();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, isDragging } = useDraggable({
    id: deal.id,
    data: { deal },
    attributes: { roleDescription: t('dnd.roleDescription') },
  });
  const drag: Drag = {
    attributes,
    isDragging,
    // The mouse drags the whole card (after a few pixels, so its links still click); the
    // keyboard picks it up by its handle only, so Enter on a link or the menu stays theirs.
    onPointerDown: listeners?.onPointerDown as PointerEventHandler | undefined,
    onKeyDown: listeners?.onKeyDown as KeyboardEventHandler | undefined,
  };
  return (
    <CardView
      deal={deal}
      stages={stages}
      onMove={onMove}
      drag={drag}
      cardRef={setNodeRef}
      handleRef={setActivatorNodeRef}
    />
  );
}

/** The copy of a card that follows the pointer while it is dragged: no controls of its own. */
export function DealCardOverlay({ deal }: { deal: Deal }) {
  return <CardView deal={deal} stages={[]} onMove={null} drag={null} />;
}

type Drag = Pick<ReturnType<typeof useDraggable>, 'attributes' | 'isDragging'> & {
  onPointerDown?: PointerEventHandler;
  onKeyDown?: KeyboardEventHandler;
};

function CardView(props: {
  deal: Deal;
  stages: Stage[];
  onMove: ((deal: Deal, toStage: Stage) => void) | null;
  drag: Drag | null;
  cardRef?: (element: HTMLElement | null) => void;
  handleRef?: (element: HTMLElement | null) => void;
}) {
  const { deal, stages, onMove, drag, cardRef, handleRef } = props;
  const styles = useStyles();
  const t = useDealsT();
  const formats = useWebFormats();
  const contactId = deal.contactIds[0];
  return (
    <article
      ref={cardRef}
      className={mergeClasses(styles.card, drag?.isDragging && styles.dragging, !drag && styles.overlay)}
      aria-label={deal.name}
      data-testid={drag ? 'deal-card' : 'deal-card-overlay'}
      data-deal-id={deal.id}
      onPointerDown={drag?.onPointerDown}
    >
      <div className={styles.top}>
        {drag && (
          <Button
            ref={handleRef}
            size="small"
            appearance="transparent"
            icon={<ReOrderDotsVertical20Regular />}
            {...drag.attributes}
            onKeyDown={drag.onKeyDown}
            aria-label={t('card.dragHandle', { deal: deal.name })}
          />
        )}
        <Text weight="semibold" className={styles.name}>
          {deal.name}
        </Text>
        {onMove && (
          <Menu
            checkedValues={{ stage: [deal.stage.id] }}
            onCheckedValueChange={(_event, data) => {
              const stage = stages.find((s) => s.id === data.checkedItems[0]);
              if (stage && stage.id !== deal.stage.id) onMove(deal, stage);
            }}
          >
            <MenuTrigger disableButtonEnhancement>
              <Button
                size="small"
                appearance="subtle"
                icon={<ArrowMove20Regular />}
                aria-label={t('card.moveMenu', { deal: deal.name })}
                title={t('card.moveTo')}
                data-testid="move-menu"
              />
            </MenuTrigger>
            <MenuPopover>
              <MenuList>
                {stages.map((stage) => (
                  <MenuItemRadio key={stage.id} name="stage" value={stage.id}>
                    {stage.name}
                  </MenuItemRadio>
                ))}
              </MenuList>
            </MenuPopover>
          </Menu>
        )}
      </div>
      <div className={styles.details}>
        <Text className={styles.value}>{formats.money(deal.value, deal.currency)}</Text>
        {deal.company && (
          <Link href={hrefOf({ page: 'companies', id: deal.company.id })} inline={false}>
            {deal.company.name}
          </Link>
        )}
        {contactId && (
          <Link href={hrefOf({ page: 'contacts', id: contactId })} inline={false}>
            {t('card.contact')}
          </Link>
        )}
        <Text size={200} className={styles.muted}>
          {deal.owner?.displayName ?? t('card.noOwner')}
        </Text>
      </div>
    </article>
  );
}
