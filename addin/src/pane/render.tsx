// React, React DOM, Fluent UI and the pane's components: the bulk of the pane's code,
// loaded by main.tsx beside the sign-in and the card's lookup, not before them.
import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { PaneProviders } from '../state/context.tsx';

export function renderPane(
  root: HTMLElement,
  props: Omit<Parameters<typeof PaneProviders>[0], 'children'> & { dir: 'ltr' | 'rtl' },
) {
  const { dir, ...providers } = props;
  const app = (
    <StrictMode>
      <PaneProviders {...providers}>
        <App dir={dir} />
      </PaneProviders>
    </StrictMode>
  );
  // A transition: React's first render (the biggest task of the start) yields to the
  // sign-in's and the lookup's answers as they arrive, instead of holding them up.
  startTransition(() => createRoot(root).render(app));
}
