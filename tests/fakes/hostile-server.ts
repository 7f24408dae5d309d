import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBodyText } from './read-body.js';

/**
 * A loopback "platform" that fails on purpose, by path prefix: /m500 and /m401 answer that status with a body
 * echoing the request (URL, headers, body: every credential the hub sent) in the fields platforms use for
 * error text; /reset drops the connection; /hang never answers.
 */
export interface HostileServer {
  url: string;
  close(): Promise<void>;
}

export async function startHostileServer(): Promise<HostileServer> {
  const server: Server = createServer((req: IncomingMessage, res) => {
    void (async () => {
      const body = await readBodyText(req);
      const url = req.url ?? '/';
      if (url.startsWith('/hang')) return;
      if (url.startsWith('/reset')) {
        req.socket.destroy();
        return;
      }
      const status = url.startsWith('/m401') ? 401 : 500;
      const echo = JSON.stringify({ url, headers: req.headers, body });
      const answer = {
        code: 'ECHO', message: echo, error: echo, error_description: echo, msg: echo, error_msg: echo,
        errors: [{ code: 'ECHO', message: echo }], error_response: { code: 7, msg: echo, sub_msg: echo, sub_code: 'isv.echo' },
      };
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

/** A loopback port nothing listens on (connections are refused). */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
