// Certificates for a private engine with mutual TLS, made with openssl in the engine's own
// directory: a CA, a server certificate for 127.0.0.1, and client folders laid out as
// DOCKER_CERT_PATH expects (ca.pem, cert.pem, key.pem). Besides the right one, folders that are
// wrong in each way a user meets: a client certificate from another CA, a CA that did not sign
// the engine's certificate, and no client certificate at all.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureDebianPackages } from './apt.mjs';
import { run } from './processes.mjs';

const days = '2';
// EC keys: made in milliseconds, where RSA keys take a noticeable part of a second each.
const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

async function makeCa(dir, name) {
  const ca = { cert: path.join(dir, `${name}.pem`), key: path.join(dir, `${name}-key.pem`) };
  await run('openssl', ['req', '-x509', ...newKey, '-keyout', ca.key, '-out', ca.cert, '-days', days, '-subj', `/CN=Workload Stacks test ${name}`]);
  return ca;
}

async function issue(dir, name, ca, extensions) {
  const request = path.join(dir, `${name}.csr`);
  const extFile = path.join(dir, `${name}.ext`);
  const issued = { cert: path.join(dir, `${name}-cert.pem`), key: path.join(dir, `${name}-key.pem`) };
  writeFileSync(extFile, extensions);
  await run('openssl', ['req', ...newKey, '-keyout', issued.key, '-out', request, '-subj', `/CN=${name}`]);
  await run('openssl', ['x509', '-req', '-in', request, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-out', issued.cert, '-days', days, '-extfile', extFile]);
  return issued;
}

function clientFolder(dir, name, { ca, client }) {
  const folder = path.join(dir, name);
  mkdirSync(folder);
  copyFileSync(ca, path.join(folder, 'ca.pem'));
  if (client) {
    copyFileSync(client.cert, path.join(folder, 'cert.pem'));
    copyFileSync(client.key, path.join(folder, 'key.pem'));
  }
  return folder;
}

/** Returns { server: { ca, cert, key }, clients: { right, strangerCert, wrongCa, noCert } } (paths). */
export async function makeTlsCertificates(dir) {
  await ensureDebianPackages(['openssl']);
  mkdirSync(dir, { recursive: true });
  const ca = await makeCa(dir, 'ca');
  const otherCa = await makeCa(dir, 'other-ca');
  const server = await issue(dir, 'server', ca, 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  const client = await issue(dir, 'client', ca, 'extendedKeyUsage=clientAuth\n');
  const stranger = await issue(dir, 'stranger', otherCa, 'extendedKeyUsage=clientAuth\n');
  return {
    server: { ca: ca.cert, cert: server.cert, key: server.key },
    clients: {
      right: clientFolder(dir, 'client-right', { ca: ca.cert, client }),
      strangerCert: clientFolder(dir, 'client-stranger-cert', { ca: ca.cert, client: stranger }),
      wrongCa: clientFolder(dir, 'client-wrong-ca', { ca: otherCa.cert, client }),
      noCert: clientFolder(dir, 'client-no-cert', { ca: ca.cert }),
    },
  };
}
