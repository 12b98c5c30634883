// npm start's prestart (and npm run build, with --force): build the task pane only
// when its sources changed, into a fresh folder, and put it in place in one step.
//
// The server serves addin/dist. That path is a symbolic link to a finished build
// under addin/.pane-builds/, replaced by rename(2), which is atomic: a running
// server (say, the one a second, refused `npm start` would otherwise clobber) sees
// the old pane or the new one, never a half-written or missing folder. The hash of
// the inputs is stored in the build (.inputs-hash), so an unchanged pane is not
// rebuilt at all. The previous build's hashed files are carried into the new one,
// so a pane loaded before the swap still finds the chunks it loads later (locales).
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  copyFile,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(import.meta.dirname, '..');
const HASH_FILE = '.inputs-hash';
const FILES_FILE = '.pane-files.json';
/** An unfinished build folder this old is a crashed build's, not a concurrent one's. */
const STALE_MS = 60 * 60 * 1000;

export type PaneBuildOptions = {
  /** What the build reads: files and folders (walked), relative to `root`. */
  inputs: string[];
  root: string;
  /** The path the server serves: a symbolic link after the first build. */
  target: string;
  /** Where the builds live, each in its own folder. */
  buildsDir: string;
  /** Writes the pane into an empty folder. */
  build: (outDir: string) => Promise<void>;
  force?: boolean;
  /** Builds younger than this are left alone (another start may be about to swap one in). */
  staleAfterMs?: number;
  /** Test hook: the new build is complete and about to be swapped in. */
  beforeSwap?: (outDir: string) => Promise<void>;
};

export type PaneBuildResult = { built: boolean; hash: string; dir: string };

export const PANE_INPUTS = [
  'addin/src',
  'addin/public',
  'addin/taskpane.html',
  'addin/console.html',
  'addin/auth',
  'addin/vite.config.ts',
  'addin/tsconfig.json',
  'package-lock.json',
];

export function defaultPaneBuild(force = false): PaneBuildOptions {
  return {
    inputs: PANE_INPUTS,
    root: ROOT,
    target: path.join(ROOT, 'addin/dist'),
    buildsDir: path.join(ROOT, 'addin/.pane-builds'),
    force,
    build: async (outDir) => {
      const [{ build }, { buildAddin }] = await Promise.all([import('vite'), import('../addin/vite.config.ts')]);
      await buildAddin(build, outDir);
    },
  };
}

/** sha256 over every input file's path and bytes, in a fixed order. */
export async function hashInputs(root: string, inputs: string[]): Promise<string> {
  const files: string[] = [];
  async function walk(relative: string) {
    const full = path.join(root, relative);
    const info = await stat(full).catch(() => null);
    if (!info) return;
    if (info.isDirectory()) {
      for (const name of await readdir(full)) await walk(path.join(relative, name));
    } else files.push(relative.split(path.sep).join('/'));
  }
  for (const input of inputs) await walk(input);
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    hash.update(`${file}\0`);
    hash.update(await readFile(path.join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

async function readText(file: string) {
  return readFile(file, 'utf8').catch(() => null);
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const entry of entries) {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(dir, relative)));
    else out.push(relative);
  }
  return out;
}

export async function buildPaneIfChanged(options: PaneBuildOptions): Promise<PaneBuildResult> {
  const hash = await hashInputs(options.root, options.inputs);
  const current = existsSync(options.target) ? options.target : null;
  if (!options.force && current && (await readText(path.join(current, HASH_FILE)))?.trim() === hash) {
    return { built: false, hash, dir: current };
  }

  await mkdir(options.buildsDir, { recursive: true });
  const name = `${hash.slice(0, 12)}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const outDir = path.join(options.buildsDir, name);
  await options.build(outDir);

  // Hashed files are immutable: carry the previous build's own into this one.
  const own = (await listFiles(path.join(outDir, 'pane'))).map((f) => path.join('pane', f));
  if (current) {
    const previous =
      (JSON.parse((await readText(path.join(current, FILES_FILE))) ?? 'null') as string[] | null) ??
      (await listFiles(path.join(current, 'pane'))).map((f) => path.join('pane', f));
    for (const file of previous) {
      const to = path.join(outDir, file);
      if (existsSync(to) || !existsSync(path.join(current, file))) continue;
      await mkdir(path.dirname(to), { recursive: true });
      await copyFile(path.join(current, file), to);
    }
  }
  await writeFile(path.join(outDir, FILES_FILE), JSON.stringify(own));
  await writeFile(path.join(outDir, HASH_FILE), `${hash}\n`);

  await options.beforeSwap?.(outDir);
  const previousBuild = await swapIn(options.target, outDir);
  await removeOldBuilds(options, [outDir, previousBuild]);
  return { built: true, hash, dir: outDir };
}

/** Points `target` at `outDir` in one rename; returns the build it pointed at before. */
async function swapIn(target: string, outDir: string): Promise<string | null> {
  const info = await lstat(target).catch(() => null);
  let previous: string | null = null;
  if (info?.isSymbolicLink()) {
    previous = path.resolve(path.dirname(target), await readlink(target));
  } else if (info) {
    // A folder from before builds were swapped in (once): move it aside, into the builds.
    previous = path.join(path.dirname(outDir), `legacy-${Date.now().toString(36)}`);
    await rename(target, previous);
  }
  const windows = process.platform === 'win32';
  const link = `${target}.${randomBytes(4).toString('hex')}.tmp`;
  // A relative link survives moving the checkout; Windows junctions must be absolute.
  await symlink(windows ? outDir : path.relative(path.dirname(target), outDir), link, windows ? 'junction' : 'dir');
  try {
    await rename(link, target);
  } catch (error) {
    // Windows cannot rename over a directory junction: the one non-atomic case.
    if (!windows) throw error;
    await rm(target, { force: true, recursive: false });
    await rename(link, target);
  }
  return previous;
}

/**
 * Removes builds nobody serves any more. A recent folder may be another start's
 * build, finished or not, about to be swapped in: only stale ones go, and never
 * the one the target points at now (read again here, after our own swap).
 */
async function removeOldBuilds(options: PaneBuildOptions, keep: (string | null)[]) {
  const { buildsDir, target, staleAfterMs = STALE_MS } = options;
  const current = await readlink(target).catch(() => null);
  const kept = new Set(
    [...keep, current && path.resolve(path.dirname(target), current)].flatMap((dir) =>
      dir ? [path.resolve(dir)] : [],
    ),
  );
  for (const name of await readdir(buildsDir).catch(() => [])) {
    const dir = path.join(buildsDir, name);
    if (kept.has(dir)) continue;
    const info = await stat(dir).catch(() => null);
    if (!info || Date.now() - info.mtimeMs < staleAfterMs) continue;
    await rm(dir, { recursive: true, force: true });
  }
}

// Run as a script (npm run build, prestart), not when a test imports it. Not import.meta.main:
// that needs Node 22.18, and engines admits 22.12.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { force: { type: 'boolean', default: false } } });
  const started = performance.now();
  const result = await buildPaneIfChanged(defaultPaneBuild(values.force));
  const ms = Math.round(performance.now() - started);
  console.log(
    result.built
      ? `pane built in ${ms} ms (${path.relative(ROOT, result.dir)})`
      : `pane up to date (${ms} ms; npm run build rebuilds it)`,
  );
}
