// What jsdom lacks and Fluent UI asks for, for every test of the pane and the console:
// ResizeObserver (Textarea and MessageBar observe their size). The stand-in observes nothing.
import { vi } from 'vitest';

vi.stubGlobal(
  'ResizeObserver',
  class {
    observe() {}
    unobserve() {}
    disconnect() {}
  },
);
