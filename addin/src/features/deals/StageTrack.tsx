// Where a deal stands in its pipeline: one step per stage, those it has reached filled.
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { Deal } from '../../api/client.ts';

const useStyles = makeStyles({
  track: { display: 'flex', gap: '2px', blockSize: '6px' },
  step: { flexGrow: 1, borderRadius: '3px', backgroundColor: tokens.colorNeutralStroke2 },
  done: { backgroundColor: tokens.colorBrandBackground },
});

/** `label` says it in words ("Stage 3 of 6: Proposal"): the track is an image to a screen reader. */
export function StageTrack({ stage, label }: { stage: Pick<Deal['stage'], 'position' | 'stageCount'>; label: string }) {
  const styles = useStyles();
  return (
    <div className={styles.track} role="img" aria-label={label} data-testid="stage-track">
      {Array.from({ length: stage.stageCount }, (_, index) => (
        <span key={index} className={mergeClasses(styles.step, index < stage.position && styles.done)} />
      ))}
    </div>
  );
}
