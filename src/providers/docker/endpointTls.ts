// Decides whether a TCP endpoint uses TLS and reads the certificate material, following the Docker
// CLI: DOCKER_TLS_VERIFY / DOCKER_TLS with DOCKER_CERT_PATH for hosts from a setting or DOCKER_HOST,
// and the context's own TLS folder for contexts.
import type { Diagnosis } from '../provider';
import type { DockerContext } from './dockerContext';
import type { TcpScheme } from './endpointHostUrl';
import { dockerConfigDir, fileErrorCode, nonEmpty, pathApi, tildify } from './endpointPaths';
import type { EndpointInput, TlsMaterial } from './endpointTypes';

export type TlsChoice = { ok: true; tls?: TlsMaterial } | { ok: false; diagnosis: Diagnosis };

/** TLS for a host given by the setting or DOCKER_HOST, as `docker -H` does with the same environment. */
export function tlsFromEnvironment(scheme: TcpScheme, input: EndpointInput): TlsChoice {
  if (scheme === 'http') return { ok: true };
  // The CLI treats any non-empty value as "on", even "0": matching it keeps terminal and editor in agreement.
  const verifyRequested = nonEmpty(input.env.DOCKER_TLS_VERIFY) !== undefined;
  const tlsRequested = verifyRequested || nonEmpty(input.env.DOCKER_TLS) !== undefined;
  if (scheme === 'tcp' && !tlsRequested) return { ok: true };
  // https:// alone means verified TLS; DOCKER_TLS without DOCKER_TLS_VERIFY is the CLI's "encrypt, do not verify".
  const verify = verifyRequested || !tlsRequested;
  const certDir = nonEmpty(input.env.DOCKER_CERT_PATH) ?? dockerConfigDir(input);
  return readTlsMaterial(certDir, verify, input);
}

/** TLS for a context: on when the context stores TLS files, asks to skip verification, or says https://. */
export function tlsFromContext(scheme: TcpScheme, context: DockerContext, input: EndpointInput): TlsChoice {
  if (scheme === 'http') return { ok: true };
  const material = readTlsMaterial(context.tlsDir, !context.skipTlsVerify, input);
  if (!material.ok || !material.tls) return material;
  const { ca, cert, key } = material.tls;
  const hasFiles = ca !== undefined || cert !== undefined || key !== undefined;
  return hasFiles || context.skipTlsVerify || scheme === 'https' ? material : { ok: true };
}

function readTlsMaterial(dir: string, verify: boolean, input: EndpointInput): TlsChoice {
  const files: Partial<Record<'ca' | 'cert' | 'key', Buffer>> = {};
  for (const name of ['ca', 'cert', 'key'] as const) {
    const filePath = pathApi(input.platform).join(dir, `${name}.pem`);
    try {
      files[name] = input.fs.readFile(filePath);
    } catch (error) {
      return {
        ok: false,
        diagnosis: {
          kind: 'tls',
          message: `The TLS file ${tildify(filePath, input)} cannot be read (${fileErrorCode(error)}).`,
          hint: 'Make it readable by your user, or point DOCKER_CERT_PATH (or the context) at certificates you can read.',
        },
      };
    }
  }
  if ((files.cert === undefined) !== (files.key === undefined)) {
    const [present, missing] = files.cert ? ['cert.pem', 'key.pem'] : ['key.pem', 'cert.pem'];
    return {
      ok: false,
      diagnosis: {
        kind: 'tls',
        message: `${tildify(dir, input)} has ${present} but no ${missing}.`,
        hint: 'Put the client certificate and its key there together (or neither), as the engine expects a matching pair.',
      },
    };
  }
  return { ok: true, tls: { ...files, verify } };
}
