// The file's columns, each with its first value and the field it goes to (a Select,
// the server's suggestion preselected; "Do not import" skips the column).
import {
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import type { TFunction } from 'i18next';
import type { ImportField, ImportPreview, Mapping } from './import-api.ts';

export function MappingTable(props: {
  preview: ImportPreview;
  mapping: Mapping;
  onChange: (mapping: Mapping) => void;
  t: TFunction;
}) {
  const { preview, mapping, t } = props;
  const first = preview.sample[0]?.cells ?? [];
  return (
    <Table size="small" aria-label={t('mapping.heading')}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{t('mapping.column')}</TableHeaderCell>
          <TableHeaderCell>{t('mapping.sample')}</TableHeaderCell>
          <TableHeaderCell>{t('mapping.field')}</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {preview.headers.map((header, i) => (
          <TableRow key={i}>
            <TableCell>{header || `#${i + 1}`}</TableCell>
            <TableCell>{first[i] ?? ''}</TableCell>
            <TableCell>
              <Select
                aria-label={t('mapping.fieldFor', { column: header || `#${i + 1}` })}
                value={mapping[i] ?? ''}
                onChange={(_event, data) => {
                  const next = [...mapping];
                  next[i] = data.value === '' ? null : (data.value as ImportField);
                  props.onChange(next);
                }}
              >
                <option value="">{t('mapping.skip')}</option>
                {preview.fields.map((field) => (
                  <option key={field} value={field}>
                    {t(`mapping.fields.${field}`)}
                  </option>
                ))}
              </Select>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
