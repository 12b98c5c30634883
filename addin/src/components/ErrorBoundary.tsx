// A render error in one email's view shows the generic error with a retry, not a
// blank pane; the next selected email starts afresh.
import { Component, type ReactNode } from 'react';
import { ErrorState } from './states.tsx';

export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override componentDidCatch(error: unknown) {
    // The console only: the pane shows no error text, and mail content stays out of logs.
    console.error('pane render failed', error instanceof Error ? error.name : typeof error);
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return <ErrorState error={new Error('render')} onRetry={() => this.setState({ failed: false })} />;
  }
}
