export { ConnectPage, fetchOnboardingInfo, parseConnectQuery, type OnboardingInfo } from './ConnectPage.tsx';
export {
  addConnectStrings,
  CONNECT_NAMESPACE,
  CONNECT_RESULTS,
  CONNECT_STRINGS,
  type ConnectResult,
} from './connect-strings.ts';
