// Saved views of a list (the server's segments): choose one to apply its filters and
// sort, save the current filters as a new one (for yourself or shared with everyone),
// update one you own (admins: any) with the filters changed since, delete one.
import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Select,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowSyncRegular, DeleteRegular, SaveRegular } from '@fluentui/react-icons';
import { useState, type SubmitEvent } from 'react';
import { ProblemBar } from '../../shell/index.ts';
import { differsFromView, segmentFilterOf, stateFromSegment, type ListEntity, type ListState } from './list-state.ts';
import { useDeleteSegment, useSaveSegment, useSegments, useUpdateSegment } from './queries.ts';
import { useListStrings } from './strings.ts';

const useStyles = makeStyles({
  views: { display: 'flex', alignItems: 'flex-end', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

export function SavedViews(props: { entity: ListEntity; state: ListState; onChange: (next: ListState) => void }) {
  const styles = useStyles();
  const t = useListStrings();
  const segments = useSegments(props.entity);
  const save = useSaveSegment(props.entity);
  const update = useUpdateSegment(props.entity);
  const remove = useDeleteSegment(props.entity);
  const [saving, setSaving] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const views = segments.data ?? [];
  const current = views.find((view) => view.id === props.state.viewId) ?? null;

  const apply = (id: string) => {
    update.reset();
    const view = views.find((v) => v.id === id);
    props.onChange(view ? stateFromSegment(view) : { ...props.state, viewId: null });
  };
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    save.mutate(
      {
        name: name.trim(),
        shared,
        filter: segmentFilterOf(props.state),
        sort: props.state.sort,
        order: props.state.order,
      },
      {
        onSuccess: (view) => {
          setSaving(false);
          props.onChange({ ...props.state, viewId: view.id });
        },
      },
    );
  };
  const confirmDelete = () => {
    if (!current) return;
    remove.mutate(current.id, {
      onSuccess: () => {
        setDeleting(false);
        props.onChange({ ...props.state, viewId: null });
      },
    });
  };

  return (
    <div className={styles.views}>
      <Field label={t('views')}>
        <Select value={current?.id ?? ''} onChange={(_, data) => apply(data.value)} data-testid="saved-views">
          <option value="">{t('noView')}</option>
          {views.map((view) => (
            <option key={view.id} value={view.id}>
              {view.shared ? t('sharedView', { name: view.name }) : view.name}
            </option>
          ))}
        </Select>
      </Field>
      <Button
        icon={<SaveRegular />}
        onClick={() => {
          setName('');
          setShared(false);
          save.reset();
          setSaving(true);
        }}
        data-testid="save-view"
      >
        {t('saveView')}
      </Button>
      {current?.editable && differsFromView(props.state, current) && (
        <Button
          icon={<ArrowSyncRegular />}
          disabled={update.isPending}
          onClick={() =>
            update.mutate({
              id: current.id,
              // The list has no field for a view's company (set through the API): it stays.
              filter: {
                ...(current.filter.companyId ? { companyId: current.filter.companyId } : {}),
                ...segmentFilterOf(props.state),
              },
              sort: props.state.sort,
              order: props.state.order,
            })
          }
          data-testid="update-view"
        >
          {t('updateView')}
        </Button>
      )}
      {current?.editable && (
        <Button icon={<DeleteRegular />} onClick={() => setDeleting(true)} data-testid="delete-view">
          {t('deleteView')}
        </Button>
      )}
      {segments.isError && <ProblemBar error={segments.error} onRetry={() => void segments.refetch()} />}
      {update.isError && <ProblemBar error={update.error} />}

      <Dialog open={saving} onOpenChange={(_, data) => setSaving(data.open)}>
        <DialogSurface>
          <form onSubmit={submit}>
            <DialogBody>
              <DialogTitle>{t('saveViewTitle')}</DialogTitle>
              <DialogContent className={styles.form}>
                <Field label={t('viewName')} required>
                  <Input
                    value={name}
                    maxLength={200}
                    onChange={(_, data) => setName(data.value)}
                    data-testid="view-name"
                  />
                </Field>
                <Checkbox
                  checked={shared}
                  onChange={(_, data) => setShared(Boolean(data.checked))}
                  label={t('shareView')}
                  data-testid="view-shared"
                />
                {save.isError && <ProblemBar error={save.error} />}
              </DialogContent>
              <DialogActions>
                <Button appearance="secondary" onClick={() => setSaving(false)}>
                  {t('cancel')}
                </Button>
                <Button
                  type="submit"
                  appearance="primary"
                  disabled={!name.trim() || save.isPending}
                  data-testid="view-save"
                >
                  {t('save')}
                </Button>
              </DialogActions>
            </DialogBody>
          </form>
        </DialogSurface>
      </Dialog>

      <Dialog open={deleting} onOpenChange={(_, data) => setDeleting(data.open)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{t('deleteViewTitle', { name: current?.name ?? '' })}</DialogTitle>
            <DialogContent>
              {t('deleteViewBody')}
              {remove.isError && <ProblemBar error={remove.error} />}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={() => setDeleting(false)}>
                {t('cancel')}
              </Button>
              <Button
                appearance="primary"
                onClick={confirmDelete}
                disabled={remove.isPending}
                data-testid="view-delete"
              >
                {t('delete')}
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </div>
  );
}
