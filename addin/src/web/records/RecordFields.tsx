// Fields the record forms share: the owner (the tenant’s users), the tags and the company (a
// search of the tenant's companies as one types). Each is a labelled Fluent field that
// shows the server's message for it.
import { Combobox, Field, Option, Select } from '@fluentui/react-components';
import type { TFunction } from 'i18next';
import { useDeferredValue, useState } from 'react';
import { TextField } from './DetailsForm.tsx';
import { useCompanySearch, useUsers } from './queries.ts';

type Ref = { id: string; name: string };

export function OwnerField(props: {
  t: TFunction;
  value: string | null;
  onChange: (ownerId: string | null) => void;
  error: string | undefined;
}) {
  const users = useUsers();
  const { t } = props;
  return (
    <Field label={t('fields.owner')} validationState={props.error ? 'error' : 'none'} validationMessage={props.error}>
      <Select
        value={props.value ?? ''}
        onChange={(_event, data) => props.onChange(data.value || null)}
        disabled={users.isPending}
        data-testid="owner-field"
      >
        <option value="">{t('fields.noOwner')}</option>
        {users.data?.map((user) => (
          <option key={user.id} value={user.id}>
            {user.displayName}
          </option>
        ))}
      </Select>
    </Field>
  );
}

export function CompanyField(props: {
  t: TFunction;
  value: Ref | null;
  onChange: (company: Ref | null) => void;
  error: string | undefined;
}) {
  const { t } = props;
  const [text, setText] = useState(props.value?.name ?? '');
  const [typing, setTyping] = useState(false);
  const query = useDeferredValue(typing ? text.trim() : '');
  const search = useCompanySearch(query);
  const found = search.data ?? [];
  // The chosen company stays an option even when the search does not find it.
  const options = props.value && !found.some((c) => c.id === props.value?.id) ? [props.value, ...found] : found;
  return (
    <Field label={t('fields.company')} validationState={props.error ? 'error' : 'none'} validationMessage={props.error}>
      <Combobox
        value={typing ? text : (props.value?.name ?? '')}
        selectedOptions={[props.value?.id ?? '']}
        placeholder={t('fields.companyPlaceholder')}
        onInput={(event) => {
          setTyping(true);
          setText((event.target as HTMLInputElement).value);
        }}
        onOptionSelect={(_event, data) => {
          setTyping(false);
          const id = data.optionValue ?? '';
          const company = options.find((c) => c.id === id) ?? null;
          props.onChange(company ? { id: company.id, name: company.name } : null);
          setText(company?.name ?? '');
        }}
        onBlur={() => setTyping(false)}
        data-testid="company-field"
      >
        <Option value="" text={t('fields.noCompany')}>
          {t('fields.noCompany')}
        </Option>
        {options.map((company) => (
          <Option key={company.id} value={company.id} text={company.name}>
            {company.name}
          </Option>
        ))}
      </Combobox>
    </Field>
  );
}

/** Tags, comma separated (a Persian comma too): field-errors.ts tagsOf reads them. */
export function TagsField(props: {
  t: TFunction;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}) {
  return (
    <TextField
      label={props.t('fields.tags')}
      hint={props.t('fields.tagsHint')}
      value={props.value}
      onChange={props.onChange}
      error={props.error}
    />
  );
}
