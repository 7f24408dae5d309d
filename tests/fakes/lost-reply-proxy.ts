import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP proxy in front of a fake platform that can lose a reply after the platform applied the request:
 * the request is forwarded and answered upstream, then the client's socket is destroyed (`reset`) or a 502 is
 * returned instead of the answer. For platforms whose server is not one of tests/fakes (the sandbox storefront).
 */
export interface LostReplyProxy {
  url: string;
  /** Drops the answer of the next request `match` accepts (method and path with query). */
  loseNext(match: (method: string, path: string) => boolean, how: 'reset' | 502): void;
  close(): Promise<void>;
}

export async function startLostReplyProxy(upstream: string): Promise<LostReplyProxy> {
  const target = new URL(upstream);
  const pending: { match: (method: string, path: string) => boolean; how: 'reset' | 502 }[] = [];
  const server: Server = createServer((req, res) => {
    const i = pending.findIndex((p) => p.match(req.method ?? 'GET', req.url ?? '/'));
    const drop = i >= 0 ? pending.splice(i, 1)[0]!.how : undefined;
    const up = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      if (drop === 'reset') { answer.resume(); answer.on('end', () => req.socket.destroy()); return; }
      if (drop === 502) { answer.resume(); answer.on('end', () => res.writeHead(502, { 'content-type': 'text/html' }).end('<html>502 Bad Gateway</html>')); return; }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    up.on('error', () => req.socket.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    loseNext: (match, how) => { pending.push({ match, how }); },
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
