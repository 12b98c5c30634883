// A render error shows the generic error with a retry, not a blank tab. Key it by what
// it shows (the web app keys it by page) so the next page starts afresh.
import { Component, type ReactNode } from 'react';
import { ProblemBar } from './states.tsx';

export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override componentDidCatch(error: unknown) {
    // The error's kind only: its message may hold a record's data.
    console.error('render failed', error instanceof Error ? error.name : typeof error);
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return <ProblemBar error={new Error('render')} onRetry={() => this.setState({ failed: false })} />;
  }
}
