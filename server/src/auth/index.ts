export { generateEphemeralDevKey, loadOrCreateDevKey, type DevKey } from './dev-key.ts';
export {
  createDevTokenVerifier,
  createEntraTokenVerifier,
  createTokenVerifier,
  JWKS_COOLDOWN_MS,
  signDevToken,
  type DevTokenInput,
  type TokenVerifier,
  type VerifiedClaims,
} from './tokens.ts';
