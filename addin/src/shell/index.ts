// The shell of the apps in a browser tab (the admin console, the web app): sign-in,
// header, language, providers, and the states and hash routes they share.
export { ErrorBoundary } from './ErrorBoundary.tsx';
export { goToHash, hashQuery, hashSegments, useHash } from './hash.ts';
export { initialLocale, LANGUAGE_NAMES, languageSaver } from './i18n.ts';
export { PageTabs } from './PageTabs.tsx';
export { Main, ShellRoot, type SessionStorage, type ShellBrowser, type ShellProps } from './Shell.tsx';
export { CONNECT_HREF, NotOnboarded, SignInForm } from './SignIn.tsx';
export { createTabTokenSource, DEMO_ADMIN_EMAIL } from './sign-in.ts';
export { Loading, ProblemBar } from './states.tsx';
export { addShellStrings, addStringBundles, SHELL_NAMESPACE, SHELL_STRINGS } from './strings.ts';
