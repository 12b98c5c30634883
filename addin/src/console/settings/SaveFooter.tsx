// The end of a settings form: what went wrong with the last save, or that it was
// saved, and the submit button (off while a save is on its way).
import { Button, Text } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { ProblemBar } from '../../shell/index.ts';

/** What a form needs of its save mutation (react-query's useMutation result has it). */
type SaveState = { isError: boolean; error: unknown; isSuccess: boolean; isPending: boolean };

export function SaveFooter({
  save,
  label,
  primary = false,
  disabled = false,
}: {
  save: SaveState;
  /** The button's text: "Save" unless given. */
  label?: string;
  primary?: boolean;
  /** Off for another reason than a save in flight (a required field is empty). */
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      {save.isError && <ProblemBar error={save.error} />}
      {save.isSuccess && <Text role="status">{t('saved')}</Text>}
      <div>
        <Button type="submit" {...(primary ? { appearance: 'primary' } : {})} disabled={save.isPending || disabled}>
          {label ?? t('save')}
        </Button>
      </div>
    </>
  );
}
