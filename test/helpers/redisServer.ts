import { execa, type ResultPromise } from 'execa';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import type { RedisConnection } from '../../lib/queue/stores';
import { closedPort } from './ports';

export interface RedisServer {
	port: number;
	connection: RedisConnection;
	stop(): Promise<void>;
}

const MISSING =
	'redis-server was not found on PATH. The Redis queue tests start a real one: install it (Debian: apt-get install redis-server; .ci/run does so).';

/**
 * The process id of the Redis answering on `port` (from INFO server), or null when none answers yet. The
 * caller compares it with its child's: a port taken by another Redis in between answers too.
 */
function answeringPid(port: number): Promise<number | null> {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		let reply = '';
		const done = (pid: number | null) => {
			socket.destroy();
			resolve(pid);
		};
		socket.setTimeout(1000, () => done(null));
		socket.on('error', () => done(null));
		socket.on('connect', () => socket.write('INFO server\r\n'));
		socket.on('data', (chunk) => {
			reply += chunk.toString('utf8');
			const match = /process_id:(\d+)\r\n/.exec(reply);
			if (match) done(Number(match[1]));
			else if (reply.startsWith('-')) done(null);
		});
	});
}

async function stopProcess(child: ResultPromise): Promise<void> {
	child.kill('SIGKILL');
	await child.catch(() => undefined);
}

let lastExitOutput = '';

/**
 * One attempt on one port; null when the server exited first (the port was taken in between). The child
 * comes back wrapped: returned bare from an async function, the promise would wait for the server's exit.
 */
async function startOn(port: number, dir: string): Promise<{ child: ResultPromise } | null> {
	// No persistence: the server's data lives only as long as the test that started it.
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'];
	const child = execa('redis-server', args, { cwd: dir, reject: false, stdin: 'ignore', buffer: true });
	let spawnError: unknown;
	let exited = false;
	void child.then(
		(result) => {
			exited = true;
			lastExitOutput = `${String(result.stdout ?? '')}\n${String(result.stderr ?? '')}`.trim().split('\n').slice(-3).join('\n');
			if ((result as { code?: string }).code === 'ENOENT') spawnError = new Error(MISSING);
		},
		(error: unknown) => {
			exited = true;
			spawnError = error;
		},
	);
	const deadline = Date.now() + 15_000;
	while (Date.now() < deadline) {
		if (spawnError) throw spawnError;
		if (exited) return null;
		if ((await answeringPid(port)) === child.pid) return { child };
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	await stopProcess(child);
	throw new Error(`redis-server did not answer PING on 127.0.0.1:${port} within 15 s`);
}

/** A real redis-server on 127.0.0.1 and a free port, in its own temp folder; stop() kills it and removes the folder. */
export async function startRedisServer(): Promise<RedisServer> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'media-redis-'));
	try {
		// A free port is found by binding and releasing it, so another process may take it first: try again.
		for (let attempt = 0; attempt < 5; attempt++) {
			const port = await closedPort();
			const started = await startOn(port, dir);
			if (!started) continue;
			const { child } = started;
			return {
				port,
				connection: { host: '127.0.0.1', port },
				async stop() {
					await stopProcess(child);
					await rm(dir, { recursive: true, force: true });
				},
			};
		}
		throw new Error(`redis-server exited at start five times; it last said:\n${lastExitOutput}`);
	} catch (error) {
		await rm(dir, { recursive: true, force: true });
		if ((error as { code?: string }).code === 'ENOENT') throw new Error(MISSING);
		throw error;
	}
}
