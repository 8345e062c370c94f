/**
 * Where `bosun boot` finds the vault password, in order: --vault-password-file, a Docker /
 * Kubernetes secret file (/run/secrets/NAME), an inherited file descriptor, then the environment
 * (CORPUSOPS_VAULT_PASSWORD_<ENV>, CORPUSOPS_VAULT_PASSWORD, BOSUN_VAULT_PASSWORD). Every
 * password-bearing variable is removed whichever source wins: by re-executing PID 1 without
 * them (early-reexec.ts), else from this process and its environment block (scrub.ts), so no child
 * and no /proc/<pid>/environ ever holds it.
 */
import { closeSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { addSecret } from '../log/secrets.js';
import { errnoCode } from '../errors.js';
import { BootError } from './errors.js';
import { PASSWORD_VARIABLE } from './early-reexec.js';

export interface PasswordOptions {
  passwordFile?: string;
  secretsDir: string;
  secretName: string;
  fd?: number;
  envName?: string;
  environ: NodeJS.ProcessEnv;
}

export interface FoundPassword {
  password: string;
  source: string;
  /** Read from an environment variable. */
  fromEnvironment: boolean;
}

/** Environment variable names that may carry the password, most specific first. */
export function passwordVariables(
  envName: string | undefined,
  environ: NodeJS.ProcessEnv,
): string[] {
  const names: string[] = [];
  if (envName)
    names.push(`CORPUSOPS_VAULT_PASSWORD_${envName.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`);
  names.push('CORPUSOPS_VAULT_PASSWORD', 'BOSUN_VAULT_PASSWORD');
  // Other environments' variables must not leak to services either.
  for (const k of Object.keys(environ))
    if (PASSWORD_VARIABLE.test(k) && !names.includes(k)) names.push(k);
  return names;
}

function firstLine(text: string): string {
  // ansible-vault strips surrounding whitespace from password files.
  return text.replace(/\r?\n$/, '').trim();
}

function readPasswordFile(file: string, what: string): string {
  try {
    const pw = firstLine(readFileSync(file, 'utf8'));
    if (!pw) throw new BootError('password-empty', `${what} ${file} is empty`);
    return pw;
  } catch (err) {
    if (err instanceof BootError) throw err;
    throw new BootError(
      'password-read',
      `cannot read ${what} ${file}: ${errnoCode(err) ?? String(err)}`,
      { cause: err },
    );
  }
}

export function findPassword(o: PasswordOptions): FoundPassword | null {
  const found = ((): FoundPassword | null => {
    if (o.passwordFile)
      return {
        password: readPasswordFile(o.passwordFile, 'vault password file'),
        source: o.passwordFile,
        fromEnvironment: false,
      };
    const secretFile = path.join(o.secretsDir, o.secretName);
    if (existsSync(secretFile))
      return {
        password: readPasswordFile(secretFile, 'secret file'),
        source: secretFile,
        fromEnvironment: false,
      };
    if (o.fd !== undefined) {
      let text: string;
      try {
        text = readFileSync(o.fd, 'utf8');
      } catch (err) {
        throw new BootError(
          'password-fd',
          `cannot read the vault password from fd ${o.fd}: ${errnoCode(err) ?? String(err)}`,
          { cause: err },
        );
      } finally {
        // Not inherited by anything bosun starts (it has no close-on-exec flag).
        try {
          closeSync(o.fd);
        } catch {
          /* already closed */
        }
      }
      const pw = firstLine(text);
      if (!pw) throw new BootError('password-empty', `fd ${o.fd} gave an empty vault password`);
      return { password: pw, source: `fd ${o.fd}`, fromEnvironment: false };
    }
    for (const name of passwordVariables(o.envName, o.environ)) {
      const v = o.environ[name];
      if (v) return { password: firstLine(v), source: `$${name}`, fromEnvironment: true };
    }
    return null;
  })();
  if (found) addSecret(found.password);
  return found;
}

/** Where findPassword() looked, for the error when no source gave a password (one line). */
export function placesLooked(o: PasswordOptions): string {
  const places = [
    o.passwordFile ? `--vault-password-file ${o.passwordFile}` : 'no --vault-password-file',
    `secret file ${path.join(o.secretsDir, o.secretName)} (absent)`,
    o.fd === undefined ? 'no --vault-password-fd / $BOSUN_VAULT_PASSWORD_FD' : `fd ${o.fd}`,
    `$${passwordVariables(o.envName, {}).join(', $')} (unset)`,
    'no prompt (boot has no terminal)',
  ];
  return places.join('; ');
}
