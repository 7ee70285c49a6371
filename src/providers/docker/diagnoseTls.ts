// TLS failures: an untrusted or mismatched engine certificate, a client certificate the engine wants
// or rejects, certificate files that do not load, or TLS spoken to a plain-HTTP port.
import type { Diagnosis } from '../provider';
import type { ErrorFacts } from './diagnoseFacts';

const UNTRUSTED_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
  'CERT_REJECTED',
]);
const VALIDITY_CODES = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'CERT_REVOKED']);
const WHERE_CERTS_GO = 'in DOCKER_CERT_PATH (default ~/.docker) or the Docker context';

export function diagnoseTls(facts: ErrorFacts, display: string): Diagnosis | undefined {
  const code = facts.code ?? '';
  const tls = (message: string, hint: string): Diagnosis => ({ kind: 'tls', message, hint });
  if (UNTRUSTED_CODES.has(code)) {
    return tls(
      `The engine at ${display} presented a certificate this machine does not trust (${facts.message}).`,
      `Put the CA that signed it in ca.pem ${WHERE_CERTS_GO}, or, for a test engine only, turn verification off (DOCKER_TLS=1 without DOCKER_TLS_VERIFY, or a context with SkipTLSVerify).`,
    );
  }
  if (VALIDITY_CODES.has(code)) {
    return tls(`The certificate of the engine at ${display} is not valid now (${facts.message}).`, "Renew the engine's certificate, or correct this machine's clock if it is wrong.");
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') {
    return tls(
      `The certificate of the engine at ${display} is not issued for that host name.`,
      'Connect with a name the certificate lists, or issue the certificate again with this host in its subjectAltName.',
    );
  }
  if (/CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA|HANDSHAKE_FAILURE|CERTIFICATE_UNKNOWN/.test(code)) {
    return tls(
      `The engine at ${display} refused this client's TLS certificate (${code}).`,
      `Put a client certificate signed by the engine's CA in cert.pem and key.pem ${WHERE_CERTS_GO}.`,
    );
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || (code === 'EPROTO' && /wrong version number|packet length too long|unknown protocol/i.test(facts.message))) {
    return tls(
      `The engine at ${display} did not answer in TLS: the port probably speaks plain HTTP.`,
      'Connect without TLS (tcp:// with DOCKER_TLS_VERIFY unset, usually port 2375), or turn TLS on in the engine.',
    );
  }
  if (code.startsWith('ERR_OSSL_') || /PEM|DECODER routines/.test(facts.message)) {
    return tls(
      `The TLS certificate or key for ${display} could not be loaded (${facts.message}).`,
      `Check that ca.pem, cert.pem and key.pem ${WHERE_CERTS_GO} are PEM files and that the key matches the certificate.`,
    );
  }
  if (code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || code.startsWith('CERT_')) {
    return tls(`The TLS connection to ${display} failed (${facts.message}).`, `Check the engine's TLS setup and the certificates ${WHERE_CERTS_GO}.`);
  }
  return undefined;
}
