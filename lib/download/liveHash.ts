import { open, stat, type FileHandle } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';

import { createHasher, type Checksum, type ChecksumChoice, type Hasher, type ProbeResult } from '../ffmpeg';
import { movedPathOf } from './tempFolder';

const CHUNK = 1024 * 1024;

/** What the hash still had to read once yt-dlp had exited, and how long that took. */
export interface CatchUp {
	bytes: number;
	ms: number;
}

/**
 * Hashes a file while yt-dlp writes it: follows `<destination>.part` (or the destination itself) through
 * an open handle, which stays valid when yt-dlp renames the file at the end. If the finished file is the
 * same inode with the same size, its checksum is ready when the download ends, instead of costing another
 * full read. Post-processing that writes a new file (merge, remux, embed) simply yields nothing.
 *
 * It only reads what yt-dlp has already written, so it never holds the writer back: a hash slower than the
 * download falls behind and reads the rest after yt-dlp exits (settle), which `catchUp` measures. With
 * checksum `none` it reads nothing and only follows the inode and size, for the early probe.
 */
export class LiveHash {
	private handle?: FileHandle;
	private inode?: number;
	private offset = 0;
	private readonly hasher?: Promise<Hasher>;
	private readonly buffer = Buffer.allocUnsafe(CHUNK);
	private timer?: NodeJS.Timeout;
	private pumping?: Promise<void>;
	private failed = false;
	private early?: Promise<{ inode: number; size: number; probe: Promise<ProbeResult | undefined> } | undefined>;
	/** set by settle */
	catchUp?: CatchUp;

	private readonly destination: string;
	/** where yt-dlp moves the file when it was written in a temp folder (`--paths temp:`) */
	private readonly moved?: string;

	constructor(destination: string, checksum: ChecksumChoice) {
		this.destination = destination;
		this.moved = movedPathOf(destination);
		if (checksum !== 'none') {
			this.hasher = createHasher(checksum);
			// A rejection is seen by pump; this only keeps it from being reported as unhandled meanwhile.
			this.hasher.catch(() => undefined);
		}
		this.timer = setInterval(() => void this.pump(), 50);
	}

	private async attach(): Promise<void> {
		// A quick download may already be renamed, or even moved out of its temp folder, before the first look.
		for (const candidate of [`${this.destination}.part`, this.destination, ...(this.moved ? [this.moved] : [])]) {
			try {
				const handle = await open(candidate, 'r');
				this.handle = handle;
				this.inode = (await handle.stat()).ino;
				return;
			} catch {
				// not created yet
			}
		}
	}

	private pump(): Promise<void> {
		this.pumping ??= (async () => {
			try {
				if (!this.handle) await this.attach();
				if (!this.handle) return;
				const hasher = await this.hasher;
				if (!hasher) {
					this.offset = (await this.handle.stat()).size;
					return;
				}
				for (;;) {
					const { bytesRead } = await this.handle.read(this.buffer, 0, CHUNK, this.offset);
					if (bytesRead === 0) break;
					hasher.update(this.buffer.subarray(0, bytesRead));
					this.offset += bytesRead;
				}
			} catch {
				this.failed = true;
			} finally {
				this.pumping = undefined;
			}
		})();
		return this.pumping;
	}

	/**
	 * yt-dlp reported the file finished (renamed to its final name): probe it now, while yt-dlp still runs
	 * its post-processors and shuts down. The probe is used only if the finished file is still this inode.
	 */
	probeWhenFinished(probe: (file: string) => Promise<ProbeResult>): void {
		// In a temp folder the file may be moved while ffprobe starts: the probe then fails and is simply not used.
		this.early ??= stat(this.destination).then(
			(info) => ({ inode: info.ino, size: info.size, probe: probe(this.destination).catch(() => undefined) }),
			() => undefined,
		);
	}

	/**
	 * Stops following and reads what is left (yt-dlp has exited): the inode, the bytes hashed, their checksum
	 * (none with checksum `none`) and an early probe; undefined if the file was never opened.
	 */
	async settle(): Promise<{ inode: number; size: number; checksum?: Checksum; probe?: ProbeResult } | undefined> {
		clearInterval(this.timer);
		const start = performance.now();
		const behind = this.offset;
		await this.pumping;
		await this.pump();
		if (this.hasher) this.catchUp = { bytes: this.offset - behind, ms: performance.now() - start };
		await this.dispose();
		if (this.failed || this.inode === undefined) return undefined;
		const early = await this.early;
		const probe = early && early.inode === this.inode && early.size === this.offset ? await early.probe : undefined;
		const checksum = (await this.hasher)?.digest();
		return { inode: this.inode, size: this.offset, ...(checksum ? { checksum } : {}), ...(probe ? { probe } : {}) };
	}

	async dispose(): Promise<void> {
		clearInterval(this.timer);
		await this.pumping;
		await this.handle?.close().catch(() => undefined);
		this.handle = undefined;
	}
}

/** yt-dlp's "[download] Destination: <path>" line, the file it is about to write. */
export function destinationOf(line: string): string | undefined {
	const m = /^\[download\] Destination: (.+)$/.exec(line);
	return m ? m[1] : undefined;
}
