import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Readiness = { ready: true; detail?: Record<string, unknown> } | { ready: false; reason: string; detail?: Record<string, unknown> };

/** What the endpoints ask the service. */
export interface Probes {
	readiness(): Promise<Readiness>;
	metrics(): Promise<{ contentType: string; body: string }>;
}

export interface HttpServer {
	/** the port bound */
	port: number;
	close(): Promise<void>;
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
	res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
	res.end(`${JSON.stringify(body)}\n`);
};

/**
 * `/healthz` (liveness: answers while the process runs), `/readyz` (readiness: 200 or 503 with the
 * reason) and `/metrics` (Prometheus text). Anything else is 404; only GET and HEAD.
 */
export async function startHttpServer(options: { host: string; port: number; probes: Probes; onError?: (error: Error) => void }): Promise<HttpServer> {
	const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			res.writeHead(405, { Allow: 'GET, HEAD' }).end();
			return;
		}
		const route = new URL(req.url ?? '/', 'http://service').pathname;
		if (route === '/healthz') return json(res, 200, { status: 'ok' });
		if (route === '/readyz') {
			const readiness = await options.probes.readiness();
			return readiness.ready
				? json(res, 200, { status: 'ready', ...readiness.detail })
				: json(res, 503, { status: 'not ready', reason: readiness.reason, ...readiness.detail });
		}
		if (route === '/metrics') {
			const { contentType, body } = await options.probes.metrics();
			res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
			res.end(body);
			return;
		}
		json(res, 404, { error: 'not found', endpoints: ['/healthz', '/readyz', '/metrics'] });
	};

	const server = http.createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			options.onError?.(error instanceof Error ? error : new Error(String(error)));
			if (!res.headersSent) json(res, 500, { error: error instanceof Error ? error.message : String(error) });
			else res.destroy();
		});
	});
	// Probes arrive every few seconds; idle keep-alive sockets must not hold a stopping service open.
	server.keepAliveTimeout = 5_000;
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, options.host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	return {
		port: (server.address() as AddressInfo).port,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
