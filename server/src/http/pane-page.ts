// taskpane.html as each user gets it: in their language and its direction, so the
// skeleton it paints before any script runs already sits on the right side, and with
// their language's strings and the pane's UI code preloaded beside its entry.
//
// The page cannot run inline script (the CSP), so the server decides:
// 1. `_host_Info`, which Office appends to the pane's URL: host$platform$version$culture$…
//    (`Outlook$Win32$16.02$en-US$$$$0`; some hosts separate with `|`). The culture is
//    Outlook's display language, what the pane reads from Office.context.displayLanguage.
// 2. `lang`, the stand-in's own parameter (outside Outlook, addin/src/pane/main.tsx).
// 3. Accept-Language, for a pane opened without either.
// The answer varies with Accept-Language (the query is part of the URL already).
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Request } from 'express';
import { LANGUAGES, pickLocale, type Locale } from '../../../addin/src/i18n/locale.ts';

const LOCALES_DIR = path.resolve(import.meta.dirname, '../../../addin/src/i18n/locales');

/** A BCP 47 tag as hosts send them (en-US, zh-Hant-TW, sr-Latn-RS): nothing else reaches Intl. */
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,4}$/;

const tagOrNull = (value: unknown) => (typeof value === 'string' && LANGUAGE_TAG.test(value) ? value : null);

/** The culture field of Office's `_host_Info`, if it holds one. */
export function hostInfoLanguage(hostInfo: unknown): string | null {
  if (typeof hostInfo !== 'string' || hostInfo.length > 512) return null;
  return tagOrNull(hostInfo.split(/[$|]/)[3]);
}

/** The display language the pane will pick on this request, as the server can tell it. */
export function requestLocale(req: Request): Locale {
  const fromQuery = hostInfoLanguage(req.query._host_Info) ?? tagOrNull(req.query.lang);
  if (fromQuery) return pickLocale(fromQuery);
  return pickLocale(req.acceptsLanguages([...LANGUAGES]) || 'en');
}

type Page = { html: string; localeChunks: Map<string, string>; uiChunks: string[] };
type ManifestEntry = { file?: string; imports?: string[]; dynamicImports?: string[] };

/**
 * The files of the entry's dynamic imports (main.tsx's UI: React DOM, Fluent UI, the
 * components) and of what they import, less what the page names already and the
 * languages' strings (one of which is preloaded on its own). Vite names only static
 * imports in the page; preloaded, these download beside the entry instead of after it.
 */
function dynamicChunks(manifest: Record<string, ManifestEntry>, entry: string): string[] {
  const own = new Set<string>();
  const collectStatic = (key: string) => {
    if (own.has(key)) return;
    own.add(key);
    for (const imported of manifest[key]?.imports ?? []) collectStatic(imported);
  };
  collectStatic(entry);
  const files: string[] = [];
  const seen = new Set(own);
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const file = manifest[key]?.file;
    if (file) files.push(`/${file}`);
    for (const imported of manifest[key]?.imports ?? []) visit(imported);
  };
  for (const key of manifest[entry]?.dynamicImports ?? []) if (!key.includes('/locales/')) visit(key);
  return files;
}

/** What the pane's build holds, read once per build (a new build is a new real path). */
function readPage(dir: string): Page {
  const html = readFileSync(path.join(dir, 'taskpane.html'), 'utf8');
  const localeChunks = new Map<string, string>();
  let manifest: Record<string, ManifestEntry> = {};
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, '.vite/manifest.json'), 'utf8')) as typeof manifest;
  } catch {
    // A build without its manifest: the locale's strings load when the pane asks (no preload).
  }
  for (const [source, entry] of Object.entries(manifest)) {
    const match = /i18n\/locales\/([a-z]{2,3})\.json$/.exec(source);
    if (match?.[1] && entry.file) localeChunks.set(match[1], `/${entry.file}`);
  }
  return { html, localeChunks, uiChunks: dynamicChunks(manifest, 'taskpane.html') };
}

const loadingLabels = new Map<string, string>();
function loadingLabel(language: string): string {
  let label = loadingLabels.get(language);
  if (label === undefined) {
    try {
      const strings = JSON.parse(readFileSync(path.join(LOCALES_DIR, `${language}.json`), 'utf8')) as {
        pane?: { loading?: string };
      };
      label = strings.pane?.loading ?? 'Loading…';
    } catch {
      label = 'Loading…';
    }
    loadingLabels.set(language, label);
  }
  return label;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;' };
const escapeAttribute = (value: string) => value.replace(/[&"<>]/g, (c) => ENTITIES[c] ?? c);

/**
 * Renders taskpane.html for a locale; null when the pane is not built. Cached per build
 * (real path and modification time), so a build swapped in under a running server is
 * served at once.
 */
export function createPanePage(dir: string) {
  let cached: { key: string; page: Page } | null = null;
  return (locale: Locale): string | null => {
    let key: string;
    try {
      const file = realpathSync(path.join(dir, 'taskpane.html'));
      key = `${file}:${statSync(file).mtimeMs}`;
    } catch {
      return null;
    }
    if (cached?.key !== key) cached = { key, page: readPage(dir) };
    const { html, localeChunks, uiChunks } = cached.page;
    const chunk = localeChunks.get(locale.language);
    // The language's strings and the UI are dynamic imports: named here, they load with the entry.
    const preload = [...uiChunks, ...(chunk ? [chunk] : [])]
      .map((file) => `<link rel="modulepreload" crossorigin href="${escapeAttribute(file)}">\n`)
      .join('');
    return html
      .replace(/<html lang="[^"]*" dir="[^"]*">/, `<html lang="${locale.language}" dir="${locale.dir}">`)
      .replace('aria-label="Loading…"', `aria-label="${escapeAttribute(loadingLabel(locale.language))}"`)
      .replace('</head>', `${preload}</head>`);
  };
}
