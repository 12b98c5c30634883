// Deployment: manifests for a host, checked, downloaded with the token and saved under
// their file name, their stable URL to copy; the rollout steps and the RBAC PowerShell.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deployment, fakeBrowser, fakeConsoleApi, HOSTILE, problem, renderConsole } from '../../test/console-fakes.tsx';
import { httpsOrigin } from './DeploymentPage.tsx';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

describe('deployment', () => {
  it('offers both manifests of this server with their version, check and stable URL', async () => {
    await renderConsole({ route: 'deployment' });
    const xml = await screen.findByTestId('manifest-xml');
    expect(within(xml).getByRole('heading', { name: 'XML manifest (add-in only)' })).toBeTruthy();
    expect(xml.textContent).toContain('Every Outlook: Windows (classic and new), Mac, the web, iOS and Android.');
    expect(xml.textContent).toContain('Version 1.0.3.0');
    expect(within(xml).getByTestId('check').textContent).toBe('Checked: valid');
    expect(within(xml).getByRole<HTMLInputElement>('textbox', { name: /Stable URL/ }).value).toBe(
      'https://crm.contoso.example/manifest.xml',
    );
    const json = screen.getByTestId('manifest-json');
    expect(within(json).getByTestId('check').textContent).toBe('Check failed');
    expect(within(json).getByTestId('check-problems').textContent).toBe(
      'extensions[0].runtimes: must have at least 1 item',
    );
    expect(json.textContent).toContain('No stable URL');
    expect(screen.getByText(/Manifests for https:\/\/crm\.contoso\.example/)).toBeTruthy();
  });

  it('downloads a manifest with the token and saves it under its file name', async () => {
    const { api, callsOf } = fakeConsoleApi();
    const { browser, saved } = fakeBrowser();
    await renderConsole({ api, browser, route: 'deployment' });
    await userEvent.click(await screen.findByRole('button', { name: 'Download manifest.json' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]!.fileName).toBe('manifest.json');
    expect(await saved[0]!.blob.text()).toBe('<xml/>');
    expect(callsOf('download')).toEqual([['/api/v1/admin/manifest.json?host=https%3A%2F%2Fcrm.contoso.example']]);
  });

  it('shows why a download failed', async () => {
    const { api } = fakeConsoleApi({
      download: async () => {
        throw problem(422, 'MANIFEST_INVALID', 'The manifest does not pass its schema');
      },
    });
    const { browser, saved } = fakeBrowser();
    await renderConsole({ api, browser, route: 'deployment' });
    await userEvent.click(await screen.findByRole('button', { name: 'Download manifest.xml' }));
    const bar = await within(screen.getByTestId('manifest-xml')).findByTestId('problem');
    expect(bar.textContent).toContain('The manifest does not pass its schema');
    expect(saved).toHaveLength(0);
  });

  it('copies the stable URL, and says when the browser refuses', async () => {
    const { browser, copied } = fakeBrowser();
    await renderConsole({ browser, route: 'deployment' });
    const xml = await screen.findByTestId('manifest-xml');
    await userEvent.click(within(xml).getByRole('button', { name: 'Copy Stable URL' }));
    expect(copied).toEqual(['https://crm.contoso.example/manifest.xml']);
    expect(await within(xml).findByText('Copied.')).toBeTruthy();

    vi.mocked(browser).copyText.mockRejectedValueOnce(new Error('denied'));
    await userEvent.click(within(xml).getByRole('button', { name: 'Copy Stable URL' }));
    expect(await within(xml).findByText("Couldn't copy: select the text and copy it yourself.")).toBeTruthy();
  });

  it('makes the manifests for another https host, and refuses anything else', async () => {
    const { api, callsOf } = fakeConsoleApi();
    await renderConsole({ api, route: 'deployment' });
    const host = await screen.findByTestId('host-input');
    await waitFor(() => expect((host as HTMLInputElement).value).toBe('https://crm.contoso.example'));
    expect(callsOf('deployment')).toEqual([[null, expect.anything()]]);

    for (const bad of [
      'http://crm.example.com',
      'https://crm.example.com/path',
      'not a url',
      'https://u:p@x.example',
    ]) {
      await userEvent.clear(host);
      await userEvent.type(host, bad);
      await userEvent.click(screen.getByRole('button', { name: 'Make the manifests' }));
      expect(await screen.findByText(/Type an https address without a path/)).toBeTruthy();
    }
    expect(callsOf('deployment')).toHaveLength(1);

    await userEvent.clear(host);
    await userEvent.type(host, 'https://outlook-crm.fabrikam.example/');
    await userEvent.click(screen.getByRole('button', { name: 'Make the manifests' }));
    expect(await screen.findByText(/Manifests for https:\/\/outlook-crm\.fabrikam\.example/)).toBeTruthy();
    expect(callsOf('deployment').at(-1)![0]).toBe('https://outlook-crm.fabrikam.example');
    expect(screen.queryByText(/Type an https address without a path/)).toBeNull();
  });

  it('explains which manifest to pick, the rollout, re-consent and the version an update needs', async () => {
    await renderConsole({ route: 'deployment' });
    const rollout = await screen.findByTestId('rollout');
    const steps = within(rollout)
      .getAllByRole('listitem')
      .map((item) => item.textContent);
    expect(steps.slice(0, 4)).toEqual([
      expect.stringContaining('Integrated apps'),
      expect.stringContaining('Just me'),
      expect.stringContaining('pilot group'),
      expect.stringContaining('Entire organization'),
    ]);
    expect(rollout.textContent).toContain('up to 24 hours');
    expect(rollout.textContent).toContain('The version now: 1.0.3.0 / 1.0.3.');
    expect(rollout.textContent).toContain('asks for more permissions');
    expect(screen.getByRole('heading', { name: 'Which manifest to pick' })).toBeTruthy();
  });

  it('shows the RBAC PowerShell as text to copy, and what a mailbox outside it looks like', async () => {
    const { api } = fakeConsoleApi({
      deployment: async () => ({ ...deployment(), rbac: { powershell: `Write-Host "${HOSTILE}"` } }),
    });
    const { browser, copied } = fakeBrowser();
    await renderConsole({ api, browser, route: 'deployment' });
    const rbac = await screen.findByTestId('rbac');
    expect(within(rbac).getByRole('region', { name: 'PowerShell commands' }).textContent).toBe(
      `Write-Host "${HOSTILE}"`,
    );
    expect(document.querySelector('img')).toBeNull();
    expect(rbac.textContent).toContain("The sync's application id: 11111111-2222-3333-4444-555555555555");
    expect(rbac.textContent).toContain('shows as "not permitted" on the Overview');
    await userEvent.click(within(rbac).getByRole('button', { name: 'Copy the commands' }));
    expect(copied).toEqual([`Write-Host "${HOSTILE}"`]);
    expect(within(rbac).getByRole('status').textContent).toBe('Copied.');
  });

  it('shows the problem when the deployment cannot be read', async () => {
    const { api } = fakeConsoleApi({
      deployment: async () => {
        throw problem(500, 'INTERNAL', 'Manifest source missing');
      },
    });
    await renderConsole({ api, route: 'deployment' });
    expect((await screen.findByTestId('problem')).textContent).toContain('Manifest source missing');
  });
});

describe('an https origin', () => {
  it.each([
    ['https://crm.example.com', 'https://crm.example.com'],
    ['https://crm.example.com/', 'https://crm.example.com'],
    ['  https://CRM.example.com:8443 ', 'https://crm.example.com:8443'],
    ['http://crm.example.com', null],
    ['https://crm.example.com/app', null],
    ['https://crm.example.com?x=1', null],
    ['https://user@crm.example.com', null],
    ['crm.example.com', null],
    ['javascript:alert(1)', null],
  ])('reads %j as %j', (text, origin) => {
    expect(httpsOrigin(text)).toBe(origin);
  });
});
