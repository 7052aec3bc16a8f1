// Which TLS failures have a fix the user can make: a chain that ends at an authority nobody told
// us to trust is fixed by trusting it (src/core/client/certificates.ts). No Node imports: the
// error advice that reads it is pure.

/** Node's codes for a chain that ends at an authority nobody told us to trust. */
const UNTRUSTED_CODES = new Set([
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
]);

/** Whether a TLS error code means "signed by an authority this computer does not trust" (the fix: trust it). */
export function isUntrustedChain(code: string | undefined): boolean {
  return !!code && UNTRUSTED_CODES.has(code);
}
