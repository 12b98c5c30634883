// A deal as the pane's card and a record page list it: its name and value, where it
// stands in its pipeline (the stage track and the same in words), then what each adds.
import { Text, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import type { Deal } from '../../api/client.ts';
import { useFormats } from '../../i18n/format.ts';
import { StageTrack } from './StageTrack.tsx';

const useStyles = makeStyles({
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
});

/**
 * One list item. `stage`: the stage in words (the track's label too); `details`: what
 * follows it on its line; `children`: what goes below (a move, its error).
 */
export function DealStanding(props: { deal: Deal; stage: string; details?: ReactNode; children?: ReactNode }) {
  const styles = useStyles();
  const formats = useFormats();
  const { deal } = props;
  return (
    <li className={styles.deal} data-testid="deal">
      <div className={styles.top}>
        <Text weight="semibold">{deal.name}</Text>
        <Text>{formats.money(deal.value, deal.currency)}</Text>
      </div>
      <StageTrack stage={deal.stage} label={props.stage} />
      <Text size={200}>
        {props.stage}
        {props.details}
      </Text>
      {props.children}
    </li>
  );
}
