// The pane build that npm start runs first: skipped when nothing changed, and
// swapped in whole, so a server already serving the pane never misses a file.
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createPaneApp } from '../server/src/http/index.ts';
import { buildPaneIfChanged, PANE_INPUTS, type PaneBuildOptions } from './build-pane.ts';

let root: string;
let builds: string[];

/** A stand-in for vite: writes a pane whose file names and content carry a version. */
function options(version: () => string, extra: Partial<PaneBuildOptions> = {}): PaneBuildOptions {
  return {
    inputs: ['addin/src', 'addin/taskpane.html', 'package-lock.json'],
    root,
    target: path.join(root, 'addin/dist'),
    buildsDir: path.join(root, 'addin/.pane-builds'),
    build: async (outDir) => {
      const v = version();
      builds.push(v);
      await mkdir(path.join(outDir, 'pane'), { recursive: true });
      await writeFile(path.join(outDir, 'taskpane.html'), `<script src="/pane/main-${v}.js"></script>`);
      await writeFile(path.join(outDir, 'pane', `main-${v}.js`), `main ${v}`);
      await writeFile(path.join(outDir, 'pane', `sv-${v}.js`), `locale ${v}`);
    },
    ...extra,
  };
}

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pane-build-'));
  builds = [];
  await mkdir(path.join(root, 'addin/src/components'), { recursive: true });
  await writeFile(path.join(root, 'addin/src/components/Card.tsx'), 'export const Card = 1;');
  await writeFile(path.join(root, 'addin/taskpane.html'), '<div id="root"></div>');
  await writeFile(path.join(root, 'package-lock.json'), '{}');
});

describe('the pane build', () => {
  it('hashes the sources, the page, the Vite config, the locales and the lock file', () => {
    expect(PANE_INPUTS).toEqual(
      expect.arrayContaining([
        'addin/src',
        'addin/taskpane.html',
        'addin/console.html',
        'addin/vite.config.ts',
        'package-lock.json',
      ]),
    );
  });

  it('never deletes a build another start finished and is about to swap in', async () => {
    let n = 0;
    const next = () => `v${++n}`;
    let theirs = '';
    // Start B finishes its build; before it swaps, start A builds, swaps and cleans up.
    const b = buildPaneIfChanged(
      options(next, {
        force: true,
        staleAfterMs: 0,
        beforeSwap: async (outDir) => {
          theirs = outDir;
          await buildPaneIfChanged(options(next, { force: true }));
        },
      }),
    );
    await b;
    const served = await readlink(path.join(root, 'addin/dist'));
    expect(path.resolve(path.join(root, 'addin'), served)).toBe(theirs);
    expect(await readFile(path.join(theirs, 'taskpane.html'), 'utf8')).toContain('main-v1.js');
  });

  it('is skipped when no input changed, and rebuilt when one did (or when forced)', async () => {
    let n = 0;
    const next = () => `v${++n}`;
    expect((await buildPaneIfChanged(options(next))).built).toBe(true);
    expect((await buildPaneIfChanged(options(next))).built).toBe(false);
    expect(builds).toEqual(['v1']);

    await writeFile(path.join(root, 'addin/src/components/Card.tsx'), 'export const Card = 2;');
    expect((await buildPaneIfChanged(options(next))).built).toBe(true);
    await mkdir(path.join(root, 'addin/src/i18n/locales'), { recursive: true });
    await writeFile(path.join(root, 'addin/src/i18n/locales/ta.json'), '{}');
    expect((await buildPaneIfChanged(options(next))).built).toBe(true);
    await writeFile(path.join(root, 'package-lock.json'), '{"lockfileVersion": 3}');
    expect((await buildPaneIfChanged(options(next))).built).toBe(true);
    expect((await buildPaneIfChanged(options(next))).built).toBe(false);
    expect((await buildPaneIfChanged(options(next, { force: true }))).built).toBe(true);
    expect(builds).toEqual(['v1', 'v2', 'v3', 'v4', 'v5']);
    // Recent builds stay (another start may be about to swap one in); once stale, only the
    // current build and the one before it stay on disk.
    expect(await readdir(path.join(root, 'addin/.pane-builds'))).toHaveLength(5);
    expect((await buildPaneIfChanged(options(next, { force: true, staleAfterMs: 0 }))).built).toBe(true);
    expect(await readdir(path.join(root, 'addin/.pane-builds'))).toHaveLength(2);
  });

  it('leaves a failed build out: the pane in place stays as it was', async () => {
    await buildPaneIfChanged(options(() => 'v1'));
    await writeFile(path.join(root, 'addin/taskpane.html'), 'changed');
    const failing = options(() => 'v2', {
      build: async () => {
        throw new Error('syntax error in Card.tsx');
      },
    });
    await expect(buildPaneIfChanged(failing)).rejects.toThrow(/syntax error/);
    expect(await readFile(path.join(root, 'addin/dist/taskpane.html'), 'utf8')).toContain('main-v1.js');
  });

  describe('while a server serves the pane', () => {
    const servers: { close: () => void }[] = [];
    afterAll(() => servers.forEach((s) => s.close()));

    async function serve(dir: string) {
      const app = createPaneApp(dir);
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      servers.push(server);
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      return async (file: string) => {
        const res = await fetch(base + file);
        return { status: res.status, text: await res.text() };
      };
    }

    it('serves the old files until the new build is swapped in by one rename, then both generations', async () => {
      // A pane built the old way: addin/dist a plain folder.
      await options(() => 'v0').build(path.join(root, 'addin/dist'));
      const get = await serve(path.join(root, 'addin/dist'));
      expect((await get('/taskpane.html')).text).toContain('main-v0.js');

      let swapped = 0;
      const swap = async (v: string) => {
        await buildPaneIfChanged(
          options(() => v, {
            force: true,
            beforeSwap: async (outDir) => {
              // Built, not yet in place: the server still serves the previous pane.
              expect((await get('/taskpane.html')).text).not.toContain(`main-${v}.js`);
              expect(await readdir(path.join(outDir, 'pane'))).toContain(`main-${v}.js`);
              swapped++;
            },
          }),
        );
        expect((await get('/taskpane.html')).text).toContain(`main-${v}.js`);
        expect((await get(`/pane/main-${v}.js`)).text).toBe(`main ${v}`);
      };
      // The first build moves the old folder aside (the one step that is not a single rename).
      await swap('v1');
      // A page loaded before the swap still finds the files it loads later (its locale).
      expect((await get('/pane/sv-v0.js')).status).toBe(200);

      // From now on each swap is one rename: poll all along, no request may miss.
      const pageStatuses = new Set<number>();
      const oldFileStatuses = new Set<number>();
      // Objects, not let-bound flags: the loop reads them after awaits, when the test has flipped them.
      const polling = { on: true };
      const pollOldFile = { on: true };
      const poller = (async () => {
        while (polling.on) {
          pageStatuses.add((await get('/taskpane.html')).status);
          if (pollOldFile.on) oldFileStatuses.add((await get('/pane/main-v1.js')).status);
        }
      })();
      await swap('v2');
      pollOldFile.on = false;
      await swap('v3');
      polling.on = false;
      await poller;
      expect(swapped).toBe(3);
      expect(pageStatuses).toEqual(new Set([200]));
      expect(oldFileStatuses).toEqual(new Set([200]));
      // One generation back is carried, not more.
      expect((await get('/pane/sv-v2.js')).status).toBe(200);
      expect((await get('/pane/sv-v1.js')).status).toBe(404);

      const link = await lstat(path.join(root, 'addin/dist'));
      expect(link.isSymbolicLink()).toBe(true);
      expect(await readlink(path.join(root, 'addin/dist'))).toMatch(/^\.pane-builds\//);
    });
  });
});
