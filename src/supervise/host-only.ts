/**
 * Units that only make sense on a host booted by systemd (device management, logins, D-Bus,
 * mounts): a container supervisor skips them and says so.
 */
const HOST_ONLY = [
  /^systemd-/,
  /^dbus(-.*)?\.(service|socket)$/,
  /^(serial-|console-|container-)?getty/,
  /^autovt@/,
  /^user@/,
  /^user-runtime-dir@/,
  /^(sys|dev|proc|run)-.*\.(mount|device|swap|automount)$/,
  /\.(mount|automount|swap|device|slice|scope|path)$/,
  /^(kmod-static-nodes|ldconfig|rescue|emergency|plymouth.*|apt-daily.*|e2scrub.*|fstrim|man-db|dpkg-db-backup|logrotate)\.(service|timer)$/,
  /^(cron|rsyslog|ssh|sshd|networking|ifup@|ModemManager|NetworkManager|wpa_supplicant|udisks2|polkit|accounts-daemon)\.service$/,
];
const HOST_ONLY_EXCEPTIONS = new Set([
  'cron.service',
  'rsyslog.service',
  'ssh.service',
  'sshd.service',
]);

/**
 * Whether bosun skips `name`. cron, rsyslog and ssh are ordinary daemons that containers do run,
 * so they are started like any service.
 */
export function isHostOnly(name: string): boolean {
  if (HOST_ONLY_EXCEPTIONS.has(name)) return false;
  return HOST_ONLY.some((re) => re.test(name));
}
