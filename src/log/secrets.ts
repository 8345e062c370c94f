/**
 * The process-wide registry of secret strings. Everything bosun prints (logger, errors shown by
 * the CLI, task output) goes through {@link maskSecrets}, so a secret registered once — a vault
 * password, a decrypted value marked no_log — never reaches a terminal or a log file.
 */

const MASK = '********';
const secrets = new Set<string>();
let pattern: RegExp | null = null;

/** Register a secret; strings shorter than 3 characters would mask too much and are ignored. */
export function addSecret(secret: string): void {
  for (const part of [secret, secret.trim()]) {
    if (part.length >= 3 && !secrets.has(part)) {
      secrets.add(part);
      pattern = null;
    }
  }
}

/** Forget every registered secret (tests, and long-running processes after a reload). */
export function clearSecrets(): void {
  secrets.clear();
  pattern = null;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Replace every registered secret in `text` with a fixed mask. */
export function maskSecrets(text: string): string {
  if (secrets.size === 0) return text;
  if (pattern === null) {
    // Longest first so a secret containing another is masked whole.
    const sorted = [...secrets].sort((a, b) => b.length - a.length).map(escapeRegExp);
    pattern = new RegExp(sorted.join('|'), 'g');
  }
  return text.replace(pattern, MASK);
}
