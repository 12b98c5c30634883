// What every test of the pane, the console and the web app shares under jsdom.
import { configure } from '@testing-library/react';
import { vi } from 'vitest';

// jsdom lacks ResizeObserver, which Fluent UI asks for (Textarea and MessageBar observe
// their size). The stand-in observes nothing.
vi.stubGlobal(
  'ResizeObserver',
  class {
    observe() {}
    unobserve() {}
    disconnect() {}
  },
);

// How long findBy… and waitFor wait. A page's first render loads Fluent UI, i18n and its
// lazy chunks: on a machine running the whole suite (CI, two cores) that takes seconds,
// far past testing-library's default of one second. Each test's own limit is vitest's.
configure({ asyncUtilTimeout: 15_000 });
