import * as fs from 'node:fs';
import * as tls from 'node:tls';

// The certificate authorities our requests trust. VS Code adds the operating system's roots to the
// Node networking it patches (`http.systemCertificates`); the undici bundled into the extension is
// not patched, so a company network that inspects HTTPS with its own root certificate would break
// our requests while the rest of VS Code works. So the client trusts, together: Node's own roots,
// the operating system's (`tls.getCACertificates('system')` where Node has it, 22.15+; else the
// distribution's bundle file), the files in NODE_EXTRA_CA_CERTS and those the user lists in
// `tokenhub.network.caCertificates`. Passing `ca` replaces Node's default list, so Node's roots are
// always part of it.

/** The bundle files Linux distributions (and Homebrew's OpenSSL) keep the system's roots in, first found wins. */
export const SYSTEM_BUNDLE_FILES: readonly string[] = [
  '/etc/ssl/certs/ca-certificates.crt', // Debian, Ubuntu, Arch, Gentoo
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem', // Fedora, RHEL 7+
  '/etc/pki/tls/certs/ca-bundle.crt', // older Fedora, RHEL 6
  '/etc/ssl/ca-bundle.pem', // openSUSE
  '/etc/ssl/cert.pem', // Alpine, macOS (the system roots, not certificates added to the keychain)
  '/usr/local/etc/openssl@3/cert.pem', // Homebrew
];

export interface CaOptions {
  /** VS Code's `http.systemCertificates`: trust the operating system's roots. */
  system: boolean;
  /** PEM files the user listed (`tokenhub.network.caCertificates`). */
  files: readonly string[];
  /** NODE_EXTRA_CA_CERTS is read from here. */
  env: Record<string, string | undefined>;
  /** Test seams. */
  readFile?: (path: string) => string;
  tlsApi?: { rootCertificates: readonly string[]; getCACertificates?: (type: 'system') => string[] };
  bundleFiles?: readonly string[];
}

export interface CaProblem {
  /** The file, or `NODE_EXTRA_CA_CERTS`. */
  path: string;
  reason: 'unreadable' | 'noCertificates';
}

export interface CaBundle {
  /** Every trusted root as PEM, each once. */
  certificates: string[];
  /** Where the system roots came from (`store`, a bundle file), or undefined when none were added. */
  systemSource?: string;
  /** How many came from the user's files and NODE_EXTRA_CA_CERTS. */
  extraCount: number;
  /** Files that could not be used: said in the log, and in the message of a certificate error. */
  problems: CaProblem[];
}

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The certificates of a PEM text, each normalised to `\n` line ends and a final newline. */
export function splitPem(text: string): string[] {
  return (text.match(PEM) ?? []).map((c) => `${c.replace(/\r\n?/g, '\n').trim()}\n`);
}

/** The roots to trust (see above). Never throws: a file that cannot be read is a `problem`. */
export function loadCaBundle(o: CaOptions): CaBundle {
  const read = o.readFile ?? ((p: string) => fs.readFileSync(p, 'utf8'));
  const api = o.tlsApi ?? (tls as unknown as NonNullable<CaOptions['tlsApi']>);
  const seen = new Set<string>();
  const certificates: string[] = [];
  const add = (pems: readonly string[]): void => {
    for (const raw of pems) {
      for (const pem of splitPem(raw)) {
        if (seen.has(pem)) continue;
        seen.add(pem);
        certificates.push(pem);
      }
    }
  };
  add(api.rootCertificates);

  let systemSource: string | undefined;
  if (o.system) {
    if (typeof api.getCACertificates === 'function') {
      try {
        add(api.getCACertificates('system'));
        systemSource = 'store';
      } catch {
        // An OS store Node cannot read: fall back to the bundle files below.
      }
    }
    if (!systemSource) {
      for (const file of o.bundleFiles ?? SYSTEM_BUNDLE_FILES) {
        let text: string;
        try {
          text = read(file);
        } catch {
          continue;
        }
        if (splitPem(text).length) {
          add([text]);
          systemSource = file;
          break;
        }
      }
    }
  }

  const problems: CaProblem[] = [];
  let extraCount = 0;
  const extra = (path: string, label = path) => {
    let text: string;
    try {
      text = read(path);
    } catch {
      problems.push({ path: label, reason: 'unreadable' });
      return;
    }
    const pems = splitPem(text);
    if (!pems.length) {
      problems.push({ path: label, reason: 'noCertificates' });
      return;
    }
    add(pems);
    extraCount += pems.length;
  };
  const envFile = o.env.NODE_EXTRA_CA_CERTS?.trim();
  if (envFile) extra(envFile, `NODE_EXTRA_CA_CERTS (${envFile})`);
  for (const f of o.files) if (f.trim()) extra(f.trim());
  return { certificates, systemSource, extraCount, problems };
}

const contexts = new WeakMap<readonly string[], tls.SecureContext>();

/**
 * One TLS context per list of roots, shared by every connection that uses the list: given as
 * `ca`, Node would parse the whole list again for each connection.
 */
export function secureContextFor(ca: readonly string[]): tls.SecureContext {
  let ctx = contexts.get(ca);
  if (!ctx) {
    ctx = tls.createSecureContext({ ca: [...ca] });
    contexts.set(ca, ctx);
  }
  return ctx;
}
