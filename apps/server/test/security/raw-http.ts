import net from 'node:net';

/**
 * Sends request headers and the first `sendBytes` of a (claimed) large body over a raw socket, then waits for the
 * server to answer and for it to close the connection. Resolves with what happened within `timeoutMs`.
 */
export async function partialBodyRequest(
  baseUrl: string,
  options: {
    path: string;
    headers: Record<string, string>;
    claimedBytes: number;
    sendBytes: number;
    timeoutMs: number;
  },
): Promise<{ response: string; closed: boolean; elapsedMs: number }> {
  const url = new URL(baseUrl);
  const socket = net.connect(Number(url.port), url.hostname);
  const started = Date.now();
  let response = '';
  let closed = false;
  socket.on('data', (chunk) => (response += chunk.toString('utf8')));
  socket.on('error', () => undefined);
  const done = new Promise<void>((resolve) => {
    socket.on('close', () => {
      closed = true;
      resolve();
    });
    setTimeout(resolve, options.timeoutMs).unref();
  });
  await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
  const head = [
    `POST ${options.path} HTTP/1.1`,
    `Host: ${url.host}`,
    `Content-Length: ${options.claimedBytes}`,
    ...Object.entries(options.headers).map(([k, v]) => `${k}: ${v}`),
    '',
    '',
  ].join('\r\n');
  socket.write(head);
  if (options.sendBytes > 0) socket.write(Buffer.alloc(options.sendBytes, 0x20));
  await done;
  const elapsedMs = Date.now() - started;
  socket.destroy();
  return { response, closed, elapsedMs };
}
