/**
 * Client side of the control socket. `null` means no supervisor is listening (image build,
 * or the socket path does not exist): callers then fall back to offline behaviour.
 */
import net from 'node:net';
import {
  DEFAULT_CONTROL_SOCKET,
  type ControlRequest,
  type ControlResponse,
} from './control-protocol.js';

export function controlSocketPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.BOSUN_CONTROL_SOCKET || DEFAULT_CONTROL_SOCKET;
}

/** Send one request; with `noBlock` resolve as soon as it is written (systemctl --no-block). */
export function controlRequest(
  socketPath: string,
  request: ControlRequest,
  noBlock = false,
): Promise<ControlResponse | null> {
  return new Promise((resolve, reject) => {
    const conn = net.createConnection(socketPath);
    let buf = '';
    let connected = false;
    conn.setEncoding('utf8');
    conn.on('connect', () => {
      connected = true;
      conn.write(JSON.stringify(request) + '\n', () => {
        if (noBlock) {
          conn.destroy();
          resolve({ ok: true });
        }
      });
    });
    conn.on('data', (c: string) => {
      buf += c;
    });
    conn.on('end', () => {
      try {
        resolve(JSON.parse(buf) as ControlResponse);
      } catch {
        reject(new Error(`control socket ${socketPath}: malformed reply`));
      }
    });
    conn.on('error', (err: NodeJS.ErrnoException) => {
      if (!connected && (err.code === 'ENOENT' || err.code === 'ECONNREFUSED')) resolve(null);
      // The errno code stays on the error: EACCES (a non-root user) is the caller's to word.
      else if (!noBlock)
        reject(
          Object.assign(new Error(`control socket ${socketPath}: ${err.message}`), {
            code: err.code,
            path: socketPath,
          }),
        );
    });
  });
}
