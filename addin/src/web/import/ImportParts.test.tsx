// The import page's parts as a user meets them: the column mapping (the server's
// suggestion preselected, each column's Select changing only its own field) and the
// summary of a dry run or an import (counts, rejected rows by row number with the
// reason in the user's language, the report to download).
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createInstance, type TFunction } from 'i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImportPreview, ImportResult, Mapping } from './import-api.ts';
import { IMPORT_NAMESPACE, IMPORT_STRINGS } from './import-strings.ts';
import { ImportSummary } from './ImportSummary.tsx';
import { MappingTable } from './MappingTable.tsx';

afterEach(cleanup);

async function tFor(language: 'en' | 'fa'): Promise<TFunction> {
  const instance = createInstance();
  await instance.init({
    lng: language,
    ns: [IMPORT_NAMESPACE],
    defaultNS: IMPORT_NAMESPACE,
    resources: { [language]: { [IMPORT_NAMESPACE]: IMPORT_STRINGS[language] } },
    interpolation: { escapeValue: false },
  });
  return instance.t;
}

const PREVIEW: ImportPreview = {
  delimiter: 'comma',
  headers: ['Full name', 'E-mail', 'Notes'],
  sample: [{ row: 2, cells: ['Nino Beridze', 'nino@fabrikam.example', 'met at fair'] }],
  rowCount: 12,
  suggestedMapping: ['name', 'email', null],
  fields: ['name', 'email', 'title', 'phone', 'companyName', 'companyDomain', 'ownerEmail', 'tags'],
};

describe('the column mapping', () => {
  it('shows each column with its first value and lets the user change where one goes', async () => {
    const t = await tFor('en');
    const changes: Mapping[] = [];
    render(
      <FluentProvider theme={webLightTheme}>
        <MappingTable preview={PREVIEW} mapping={PREVIEW.suggestedMapping} onChange={(m) => changes.push(m)} t={t} />
      </FluentProvider>,
    );
    const name = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Import column Full name as' });
    expect(name.value).toBe('name');
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Import column Notes as' }).value).toBe('');
    expect(screen.getByText('nino@fabrikam.example')).toBeTruthy();
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Import column Notes as' }), 'Tags');
    expect(changes).toEqual([['name', 'email', 'tags']]);
    await userEvent.selectOptions(name, 'Do not import');
    expect(changes[1]).toEqual([null, 'email', null]);
  });
});

const RESULT: ImportResult = {
  entity: 'contacts',
  dryRun: true,
  rows: 12,
  created: 8,
  updated: 2,
  skipped: 0,
  rejected: 2,
  companiesCreated: 1,
  rejectedRows: [
    { row: 4, code: 'INVALID_EMAIL', message: '"nope" is not an email address', values: ['Bad', 'nope', ''] },
    { row: 9, code: 'DUPLICATE_IN_FILE', message: 'a@b.example is also in row 3', values: ['A', 'a@b.example', ''] },
  ],
  report: { filename: 'contacts-rejected-rows-2026-11-30.csv', csv: '\uFEFFName,Email,Row,Error code,Reason\r\n' },
};

describe('the summary', () => {
  it('says what a dry run would do and lists the rejected rows by row number, with the reason', async () => {
    const t = await tFor('en');
    const onDownload = vi.fn();
    render(
      <FluentProvider theme={webLightTheme}>
        <ImportSummary result={RESULT} t={t} formatNumber={String} onDownload={onDownload} />
      </FluentProvider>,
    );
    expect(screen.getByRole('heading', { name: 'What the import would do' })).toBeTruthy();
    const counts = screen.getAllByRole('definition').map((dd) => dd.textContent);
    expect(counts).toEqual(['8', '2', '2', '1']);
    expect(screen.getByText('Would create')).toBeTruthy();
    const table = screen.getByRole('table', { name: 'Rejected rows' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell')[0]?.textContent)).toEqual(['4', '9']);
    expect(within(rows[0]!).getByText('Not an email address')).toBeTruthy();
    expect(within(rows[0]!).getByText('"nope" is not an email address')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Download rejected rows (CSV)' }));
    expect(onDownload).toHaveBeenCalledWith(RESULT.report);
  });

  it('after an import says what was done, in Persian too, and that nothing was rejected', async () => {
    const t = await tFor('fa');
    render(
      <FluentProvider theme={webLightTheme} dir="rtl">
        <ImportSummary
          result={{ ...RESULT, dryRun: false, rejected: 0, rejectedRows: [], report: null }}
          t={t}
          formatNumber={(n) => n.toLocaleString('fa')}
          onDownload={() => undefined}
        />
      </FluentProvider>,
    );
    expect(screen.getByRole('heading', { name: 'درون‌ریزی شد' })).toBeTruthy();
    expect(screen.getByText('ایجاد شد')).toBeTruthy();
    expect(screen.getAllByRole('definition')[0]?.textContent).toBe('۸');
    expect(screen.getByText('هیچ ردیفی رد نشد.')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('counts the rows it does not list in the reader’s digits (the strings format numbers themselves)', async () => {
    const isolates = /[\u2068\u2069]/g;
    for (const [language, expected] of [
      ['en', 'The first 2 of 1,234 rejected rows are shown; the download holds them all.'],
      ['fa', '۲ ردیف نخست از ۱٬۲۳۴ ردیف ردشده نمایش داده شده است؛ فایل بارگیری همه را دارد.'],
    ] as const) {
      const t = await tFor(language);
      const { unmount } = render(
        <FluentProvider theme={webLightTheme}>
          <ImportSummary
            result={{ ...RESULT, rejected: 1234 }}
            t={t}
            formatNumber={(n) => n.toLocaleString(language)}
            onDownload={() => undefined}
          />
        </FluentProvider>,
      );
      const sentence = screen.getByText((_, node) => node?.tagName === 'P' && /1,234|۱٬۲۳۴/.test(node.textContent));
      expect(sentence.textContent.replace(isolates, '')).toBe(expected);
      unmount();
    }
  });

  it('has a reason in every language for every code the server rejects with', async () => {
    const { REJECT_CODES } = await import('../../../../server/src/crm/imports/imports.schemas.ts');
    for (const strings of Object.values(IMPORT_STRINGS)) {
      expect(Object.keys(strings.reasons).sort()).toEqual([...REJECT_CODES].sort());
    }
  });
});
