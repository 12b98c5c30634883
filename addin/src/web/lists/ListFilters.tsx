// The filter bar over a list: search (applied when typing pauses), owner, tags, "no
// contact in N days", open deal in a stage, and the saved views. Every change is a new
// list state (the hash route's query), so it can be linked, reloaded and undone with Back.
import {
  Button,
  Field,
  Input,
  Select,
  Tag,
  TagGroup,
  makeStyles,
  tokens,
  type SelectOnChangeData,
} from '@fluentui/react-components';
import { DismissRegular, SearchRegular } from '@fluentui/react-icons';
import { useEffect, useId, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { useMe } from '../context.tsx';
import { EMPTY_STATE, isFiltered, type ListEntity, type ListState } from './list-state.ts';
import { useOpenStages, useTagSuggestions, useUsers } from './queries.ts';
import { SavedViews } from './SavedViews.tsx';
import { useListStrings } from './strings.ts';

/** How long typing must pause before the search is applied. */
export const SEARCH_DEBOUNCE_MS = 300;
/** The "no contact in" choices; a saved view's other number is offered too. */
const DAY_CHOICES = [7, 30, 60, 90, 180, 365];

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalM,
    padding: tokens.spacingHorizontalM,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
  },
  search: { minWidth: '16rem', flexGrow: 1 },
  tags: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap' },
});

export function ListFilters(props: { entity: ListEntity; state: ListState; onChange: (next: ListState) => void }) {
  const styles = useStyles();
  const t = useListStrings();
  const me = useMe();
  const users = useUsers();
  const stages = useOpenStages();
  const { state, onChange } = props;

  // The box shows what is typed at once; the list follows when typing pauses.
  const [q, setQ] = useState(state.q);
  // A search set from elsewhere (a saved view, Back, Clear) replaces what the box shows.
  const [shownFor, setShownFor] = useState(state.q);
  if (shownFor !== state.q) {
    setShownFor(state.q);
    setQ(state.q);
  }
  useEffect(() => {
    if (q === state.q) return;
    const timer = setTimeout(() => onChange({ ...state, q }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [q, state, onChange]);

  const [tag, setTag] = useState('');
  // What the tag box offers as one types (asked for when typing pauses, like the search):
  // the tags in use, not those already filtered on.
  const [tagPrefix, setTagPrefix] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setTagPrefix(tag), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [tag]);
  const suggestions = useTagSuggestions(props.entity, tagPrefix);
  const suggestionsId = useId();
  const addTag = () => {
    const value = tag.trim().slice(0, 50);
    if (value && !state.tags.includes(value) && state.tags.length < 20)
      onChange({ ...state, tags: [...state.tags, value] });
    setTag('');
  };
  const onTagKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      addTag();
    }
  };
  const select = (apply: (value: string) => Partial<ListState>) => (_: ChangeEvent, data: SelectOnChangeData) =>
    onChange({ ...state, ...apply(data.value) });

  const days = state.noContactDays;
  const dayChoices = days && !DAY_CHOICES.includes(days) ? [...DAY_CHOICES, days].sort((a, b) => a - b) : DAY_CHOICES;
  const placeholder = props.entity === 'contact' ? t('searchContacts') : t('searchCompanies');
  return (
    <div className={styles.bar} role="search" aria-label={t('filters')}>
      <Field label={t('search')} className={styles.search}>
        <Input
          type="search"
          value={q}
          maxLength={200}
          placeholder={placeholder}
          contentBefore={<SearchRegular />}
          onChange={(_, data) => setQ(data.value)}
          data-testid="list-search"
        />
      </Field>
      <Field label={t('owner')}>
        <Select value={state.owner} onChange={select((owner) => ({ owner }))} data-testid="filter-owner">
          <option value="">{t('ownerAny')}</option>
          <option value="me">{t('ownerMe')}</option>
          <option value="none">{t('ownerNone')}</option>
          {(users.data ?? [])
            .filter((user) => user.id !== me.id)
            .map((user) => (
              <option key={user.id} value={user.id}>
                {user.displayName}
              </option>
            ))}
        </Select>
      </Field>
      <Field label={t('tag')}>
        <Input
          value={tag}
          maxLength={50}
          placeholder={t('tagPlaceholder')}
          onChange={(_, data) => setTag(data.value)}
          onKeyDown={onTagKey}
          onBlur={addTag}
          list={suggestionsId}
          autoComplete="off"
          data-testid="filter-tag"
        />
      </Field>
      <datalist id={suggestionsId} data-testid="tag-suggestions">
        {(suggestions.data ?? [])
          .filter((suggestion) => !state.tags.includes(suggestion.tag))
          .map((suggestion) => (
            <option key={suggestion.tag} value={suggestion.tag} />
          ))}
      </datalist>
      <Field label={t('noContact')}>
        <Select
          value={days ? String(days) : ''}
          onChange={select((value) => ({ noContactDays: value ? Number(value) : null }))}
          data-testid="filter-days"
        >
          <option value="">{t('anyTime')}</option>
          {dayChoices.map((n) => (
            <option key={n} value={n}>
              {t('days', { count: n })}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t('stage')}>
        <Select
          value={state.stageId ?? ''}
          onChange={select((value) => ({ stageId: value || null }))}
          data-testid="filter-stage"
        >
          <option value="">{t('anyStage')}</option>
          {(stages.data ?? []).map((pipeline) => (
            <optgroup key={pipeline.id} label={pipeline.name}>
              {pipeline.stages.map((stage) => (
                <option key={stage.id} value={stage.id}>
                  {stage.name}
                </option>
              ))}
            </optgroup>
          ))}
        </Select>
      </Field>
      {isFiltered(state) && (
        <Button
          icon={<DismissRegular />}
          onClick={() => onChange({ ...EMPTY_STATE, sort: state.sort, order: state.order })}
          data-testid="clear-filters"
        >
          {t('clear')}
        </Button>
      )}
      {state.tags.length > 0 && (
        <TagGroup
          className={styles.tags}
          aria-label={t('tagsApplied')}
          onDismiss={(_, data) => onChange({ ...state, tags: state.tags.filter((x) => x !== data.value) })}
        >
          {state.tags.map((x) => (
            <Tag
              key={x}
              value={x}
              size="small"
              shape="circular"
              dismissible
              dismissIcon={{ 'aria-label': t('removeTag', { tag: x }) }}
              data-testid="applied-tag"
            >
              {x}
            </Tag>
          ))}
        </TagGroup>
      )}
      <SavedViews entity={props.entity} state={state} onChange={onChange} />
    </div>
  );
}
