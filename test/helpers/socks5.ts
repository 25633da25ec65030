import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface Socks5Server {
	url: string;
	/** host:port each CONNECT asked for, in order (the name, when the client sent one) */
	connects: string[];
	close(): Promise<void>;
}

/**
 * A minimal SOCKS5 proxy (RFC 1928, no authentication, CONNECT only), which also answers SOCKS4/4a
 * CONNECT requests (use the same port with socks4a://), for tests: every tunnel goes to
 * `target` on 127.0.0.1, whatever host the client named, so a URL on an unresolvable host works only
 * through this proxy.
 */
export async function startSocks5(targetPort: number): Promise<Socks5Server> {
	const connects: string[] = [];
	const sockets = new Set<net.Socket>();
	const server = net.createServer((client) => {
		sockets.add(client);
		client.on('close', () => sockets.delete(client));
		client.on('error', () => client.destroy());
		let buffer = Buffer.alloc(0);
		let stage: 'greeting' | 'request' = 'greeting';
		const tunnel = (host: string, port: number, reply: Buffer, rest: Buffer) => {
			client.off('data', onData);
			connects.push(`${host}:${port}`);
			const upstream = net.connect(targetPort, '127.0.0.1', () => {
				client.write(reply);
				if (rest.length > 0) upstream.write(rest);
				client.pipe(upstream).pipe(client);
			});
			sockets.add(upstream);
			upstream.on('close', () => sockets.delete(upstream));
			upstream.on('error', () => client.destroy());
			client.on('close', () => upstream.destroy());
		};
		const onData = (data: Buffer) => {
			buffer = Buffer.concat([buffer, data]);
			// SOCKS4/4a (CONNECT): VN CD PORT IP USERID\0 [HOST\0 when IP is 0.0.0.x]
			if (stage === 'greeting' && buffer[0] === 4) {
				const userEnd = buffer.indexOf(0, 8);
				if (userEnd === -1) return;
				const ip = [...buffer.subarray(4, 8)];
				const is4a = ip[0] === 0 && ip[1] === 0 && ip[2] === 0 && ip[3] !== 0;
				const hostEnd = is4a ? buffer.indexOf(0, userEnd + 1) : userEnd;
				if (hostEnd === -1) return;
				const host = is4a ? buffer.subarray(userEnd + 1, hostEnd).toString('latin1') : ip.join('.');
				return tunnel(host, buffer.readUInt16BE(2), Buffer.from([0, 0x5a, 0, 0, 0, 0, 0, 0]), buffer.subarray(hostEnd + 1));
			}
			if (stage === 'greeting') {
				if (buffer.length < 2 || buffer.length < 2 + buffer[1]) return;
				if (buffer[0] !== 5 || !buffer.subarray(2, 2 + buffer[1]).includes(0)) return void client.end(Buffer.from([5, 0xff]));
				buffer = buffer.subarray(2 + buffer[1]);
				stage = 'request';
				client.write(Buffer.from([5, 0]));
			}
			if (buffer.length < 5) return;
			const atyp = buffer[3];
			const addrLength = atyp === 1 ? 4 : atyp === 4 ? 16 : 1 + buffer[4];
			if (buffer.length < 4 + addrLength + 2) return;
			const addr = buffer.subarray(4, 4 + addrLength);
			const host = atyp === 3 ? addr.subarray(1).toString('latin1') : atyp === 1 ? [...addr].join('.') : addr.toString('hex');
			const port = buffer.readUInt16BE(4 + addrLength);
			tunnel(host, port, Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0]), buffer.subarray(4 + addrLength + 2));
		};
		client.on('data', onData);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `socks5://127.0.0.1:${(server.address() as AddressInfo).port}`,
		connects,
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}
