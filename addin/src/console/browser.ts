// What the console needs of the browser beyond fetch: saving a file, the clipboard,
// the clock, remembering the language. Component tests hand in their own.
import { createContext, useContext } from 'react';
import { languageSaver } from '../shell/index.ts';
import { LANGUAGE_KEY } from './i18n.ts';

export type ConsoleBrowser = {
  saveFile(blob: Blob, fileName: string): void;
  copyText(text: string): Promise<void>;
  now(): Date;
  /** Remembers the language for the next visit (localStorage). */
  saveLanguage(language: string): void;
};

export const realBrowser: ConsoleBrowser = {
  saveFile(blob, fileName) {
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.rel = 'noopener';
    document.body.append(link);
    link.click();
    link.remove();
    // Chromium starts the download from the click; the URL is no longer needed after it.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
  async copyText(text) {
    // Only in a secure context (https, localhost): otherwise the caller says to copy by hand.
    if (!(globalThis.navigator as Navigator | undefined)?.clipboard) throw new Error('no clipboard');
    await navigator.clipboard.writeText(text);
  },
  now: () => new Date(),
  saveLanguage: languageSaver(LANGUAGE_KEY),
};

export const BrowserContext = createContext<ConsoleBrowser>(realBrowser);
export const useBrowser = () => useContext(BrowserContext);
