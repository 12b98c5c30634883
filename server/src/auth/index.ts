export { generateEphemeralDevKey, loadOrCreateDevKey, type DevKey } from './dev-key.ts';
export {
  createDevTokenVerifier,
  createEntraTokenVerifier,
  createTokenVerifier,
  JWKS_COOLDOWN_MS,
  MAX_CACHED_SECONDS,
  MAX_CACHED_TOKENS,
  signDevToken,
  type TokenCacheOptions,
  type DevTokenInput,
  type TokenVerifier,
  type VerifiedClaims,
} from './tokens.ts';
export { createStateSealer, type SealClock, type StateSealer, type Unsealed } from './sealed-state.ts';
