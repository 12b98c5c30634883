// Settings: pipelines and stages, the organisation's domains, the mail sync's policy
// and folders, users' roles and sync; each change sent as the API takes it, each
// refusal shown with the server's reason.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeConsoleApi, HOSTILE, pipelines, problem, renderConsole, users } from '../../test/console-fakes.tsx';
import { ProblemError } from '../api.ts';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const section = (testId: string) => screen.findByTestId(testId);

describe('pipelines and stages', () => {
  it('edits a stage, reorders and adds stages, and creates a pipeline', async () => {
    const { api, callsOf } = fakeConsoleApi();
    await renderConsole({ api, route: 'settings' });
    const pipeline = await section('pipeline');
    expect(within(pipeline).getByRole('heading', { name: 'Sales Default' })).toBeTruthy();
    expect(within(pipeline).getAllByTestId('stage-row')).toHaveLength(4);

    const probability = within(pipeline).getByRole('textbox', { name: 'Win probability of stage Proposal' });
    await userEvent.clear(probability);
    await userEvent.type(probability, '60');
    await userEvent.selectOptions(within(pipeline).getByRole('combobox', { name: 'Outcome of stage Proposal' }), 'won');
    await userEvent.click(within(pipeline).getByRole('button', { name: 'Save stage Proposal' }));
    await waitFor(() =>
      expect(callsOf('updateStage')).toEqual([
        ['p-1', 's-2', { name: 'Proposal', probability: 60, isWon: true, isLost: false }],
      ]),
    );

    await userEvent.click(within(pipeline).getByRole('button', { name: 'Move stage Proposal up' }));
    await waitFor(() => expect(callsOf('reorderStages')).toEqual([['p-1', ['s-2', 's-1', 's-3', 's-4']]]));
    expect(within(pipeline).getByRole<HTMLButtonElement>('button', { name: 'Move stage Lead up' }).disabled).toBe(true);

    const add = within(pipeline).getByRole('form', { name: 'Add a stage to Sales' });
    await userEvent.type(within(add).getByRole('textbox', { name: 'New stage' }), 'Negotiation');
    const percent = within(add).getByRole('textbox', { name: /Win probability/ });
    await userEvent.clear(percent);
    await userEvent.type(percent, '150');
    expect(within(add).getByRole<HTMLButtonElement>('button', { name: 'Add stage' }).disabled).toBe(true);
    expect(within(add).getByText('A whole number from 0 to 100')).toBeTruthy();
    await userEvent.clear(percent);
    await userEvent.type(percent, '75');
    await userEvent.click(within(add).getByRole('button', { name: 'Add stage' }));
    await waitFor(() =>
      expect(callsOf('addStage')).toEqual([
        ['p-1', { name: 'Negotiation', probability: 75, isWon: false, isLost: false }],
      ]),
    );

    const create = screen.getByRole('form', { name: 'New pipeline' });
    await userEvent.type(within(create).getByRole('textbox', { name: 'Pipeline name' }), 'Partners');
    await userEvent.type(within(create).getByRole('textbox', { name: 'First stage' }), 'Introduced');
    await userEvent.click(within(create).getByRole('button', { name: 'Create pipeline' }));
    await waitFor(() =>
      expect(callsOf('createPipeline')).toEqual([
        [
          {
            name: 'Partners',
            isDefault: false,
            stages: [{ name: 'Introduced', probability: 10, isWon: false, isLost: false }],
          },
        ],
      ]),
    );
  });

  it('shows why a stage cannot be removed', async () => {
    const { api } = fakeConsoleApi({
      removeStage: async () => {
        throw problem(409, 'STAGE_IN_USE', 'Open deals are in this stage: move them first');
      },
    });
    await renderConsole({ api, route: 'settings' });
    const pipeline = await section('pipeline');
    await userEvent.click(within(pipeline).getByRole('button', { name: 'Remove stage Proposal' }));
    const bar = await within(pipeline).findByTestId('problem');
    expect(bar.textContent).toContain('This conflicts with the current data.');
    expect(bar.textContent).toContain('Open deals are in this stage: move them first');
    expect(within(pipeline).getAllByTestId('stage-row')).toHaveLength(4);
  });

  it('renders stage names as text', async () => {
    const [sales] = pipelines();
    const { api } = fakeConsoleApi({
      pipelines: async () => [
        { ...sales!, name: HOSTILE, stages: [{ ...sales!.stages[0]!, name: '<script>x</script>' }] },
      ],
    });
    await renderConsole({ api, route: 'settings' });
    const pipeline = await section('pipeline');
    expect(within(pipeline).getByRole('heading', { level: 4 }).textContent).toContain(HOSTILE);
    expect(
      within(pipeline).getByRole<HTMLInputElement>('textbox', { name: 'Name of stage <script>x</script>' }).value,
    ).toBe('<script>x</script>');
    expect(document.querySelector('img')).toBeNull();
  });
});

describe("the organisation's domains", () => {
  it('saves the name and one domain a line, lower case, each once', async () => {
    const { api, callsOf } = fakeConsoleApi();
    await renderConsole({ api, route: 'settings' });
    const tenant = await section('tenant-settings');
    const domains = within(tenant).getByRole('textbox', { name: /Your own domains/ });
    expect((domains as HTMLTextAreaElement).value).toBe('contoso.example');
    await userEvent.type(domains, '\n  Contoso.TEST \n\ncontoso.example');
    await userEvent.click(within(tenant).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(callsOf('updateTenant')).toEqual([[{ name: 'Contoso', domains: ['contoso.example', 'contoso.test'] }]]),
    );
    expect(await within(tenant).findByRole('status')).toBeTruthy();
    expect((domains as HTMLTextAreaElement).value).toBe('contoso.example\ncontoso.test');
  });

  it('shows the fields the server refused', async () => {
    const { api } = fakeConsoleApi({
      updateTenant: async () => {
        throw new ProblemError(400, {
          title: 'Bad Request',
          code: 'VALIDATION_FAILED',
          detail: 'The request is not valid',
          errors: [{ path: 'body.domains.0', message: 'must be a domain' }],
        });
      },
    });
    await renderConsole({ api, route: 'settings' });
    const tenant = await section('tenant-settings');
    await userEvent.click(within(tenant).getByRole('button', { name: 'Save' }));
    const bar = await within(tenant).findByTestId('problem');
    expect(bar.textContent).toContain('body.domains.0: must be a domain');
  });
});

describe('the mail sync', () => {
  it('saves what it keeps of bodies, bulk mail and the blocked list', async () => {
    const { api, callsOf } = fakeConsoleApi();
    await renderConsole({ api, route: 'settings' });
    const sync = await section('sync-settings');
    const preview = await within(sync).findByRole('radio', { name: 'A short preview of the body' });
    expect((preview as HTMLInputElement).checked).toBe(true);
    await userEvent.click(within(sync).getByRole('radio', { name: 'The whole body (cleaned of scripts and images)' }));
    await userEvent.click(within(sync).getByRole('switch', { name: /Leave out bulk mail/ }));
    await userEvent.type(
      within(sync).getByRole('textbox', { name: /Blocked domains and addresses/ }),
      '\nCEO@Rival.example',
    );
    await userEvent.click(within(sync).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(callsOf('saveSyncSettings')).toEqual([
        [{ bodyStorage: 'full', skipBulk: false, blocked: ['spam.example', 'ceo@rival.example'] }],
      ]),
    );
  });

  it('says when the mail sync is not configured on this server', async () => {
    const { api } = fakeConsoleApi({
      saveSyncSettings: async () => {
        throw problem(503, 'SYNC_DISABLED', 'The mail sync is not configured on this server');
      },
    });
    await renderConsole({ api, route: 'settings' });
    const sync = await section('sync-settings');
    await userEvent.click(await within(sync).findByRole('button', { name: 'Save' }));
    const bar = await within(sync).findByTestId('problem');
    expect(bar.dataset.code).toBe('SYNC_DISABLED');
    expect(within(bar).getByText('The mail sync is not configured on this server.')).toBeTruthy();
  });

  it('sets the folders a mailbox syncs besides Inbox and Sent Items', async () => {
    const { api, callsOf } = fakeConsoleApi();
    await renderConsole({ api, route: 'settings' });
    const mailbox = await within(await section('folders')).findByTestId('mailbox-folders');
    expect(mailbox.textContent).toContain('Read now: Inbox, Sent Items, Projects');
    const extra = within(mailbox).getByRole('textbox', { name: /Other folders of alice@contoso.example/ });
    expect((extra as HTMLTextAreaElement).value).toBe('AAMk-projects');
    await userEvent.type(extra, '\nAAMk-archive');
    await userEvent.click(within(mailbox).getByRole('button', { name: 'Save folders' }));
    await waitFor(() => expect(callsOf('setMailboxFolders')).toEqual([['m-alice', ['AAMk-projects', 'AAMk-archive']]]));
  });
});

describe('users', () => {
  it("changes a user's role and mail sync", async () => {
    const { api, callsOf } = fakeConsoleApi();
    await renderConsole({ api, route: 'settings' });
    const list = await section('users');
    const bob = (await within(list).findAllByTestId('user-row'))[1]!;
    expect(bob.textContent).toContain('Bob Beridze');
    await userEvent.selectOptions(within(bob).getByRole('combobox', { name: 'Role of Bob Beridze' }), 'admin');
    await waitFor(() => expect(callsOf('updateUser')).toEqual([['u-bob', { role: 'admin' }]]));
    await waitFor(() =>
      expect(within(bob).getByRole<HTMLSelectElement>('combobox', { name: 'Role of Bob Beridze' }).value).toBe('admin'),
    );
    const sync = within(bob).getByRole('switch', { name: 'Mail sync for Bob Beridze' });
    expect((sync as HTMLInputElement).checked).toBe(false);
    await userEvent.click(sync);
    await waitFor(() => expect(callsOf('updateUser').at(-1)).toEqual(['u-bob', { syncEnabled: true }]));
  });

  it('keeps the last admin, with the server’s message', async () => {
    const { api } = fakeConsoleApi({
      updateUser: async () => {
        throw problem(409, 'LAST_ADMIN', 'Contoso would have no admin left');
      },
    });
    await renderConsole({ api, route: 'settings' });
    const list = await section('users');
    const alice = (await within(list).findAllByTestId('user-row'))[0]!;
    expect(alice.textContent).toContain('Alice Larsson (you)');
    const role = within(alice).getByRole('combobox', { name: 'Role of Alice Larsson' });
    await userEvent.selectOptions(role, 'member');
    const bar = await within(list).findByTestId('users-problem');
    expect(bar.textContent).toContain('The organisation needs at least one admin.');
    expect(bar.textContent).toContain('Contoso would have no admin left');
    expect((role as HTMLSelectElement).value).toBe('admin');
  });

  it('renders user names as text', async () => {
    const { api } = fakeConsoleApi({
      users: async () => [{ ...users()[1]!, displayName: HOSTILE }],
    });
    await renderConsole({ api, route: 'settings' });
    const row = await within(await section('users')).findByTestId('user-row');
    expect(row.textContent).toContain(HOSTILE);
    expect(document.querySelector('img')).toBeNull();
  });
});
