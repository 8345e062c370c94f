/** Names under which bosun behaves as another tool (links made by `bosun shims install`). */
export const MULTI_CALL: Record<string, string> = {
  'ansible-vault': 'vault',
  'ansible-playbook': 'play',
  ansible: 'adhoc',
  systemctl: 'systemctl',
  'systemd-tmpfiles': 'tmpfiles',
};

/** The command group a command line runs: from the name it was called by, else its first word. */
export function commandGroup(argv0: string, args: readonly string[]): string | undefined {
  const base = argv0.slice(argv0.lastIndexOf('/') + 1);
  return MULTI_CALL[base] ?? args[0];
}
