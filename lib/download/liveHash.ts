import { open, symlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { createHasher, type Checksum, type ChecksumChoice, type Hasher, type ProbeResult } from '../ffmpeg';
import { movedPathOf } from './tempFolder';

const CHUNK = 1024 * 1024;
/** numbers the early probe's links (a descriptor's number is reused once closed) */
let linkCount = 0;

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
	/** a private folder for the link the early probe opens (see probeName) */
	private readonly linkDir?: string;

	constructor(destination: string, checksum: ChecksumChoice, linkDir?: string) {
		this.destination = destination;
		this.linkDir = linkDir;
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
		this.early ??= (async () => {
			// pump opens the file if the timer has not yet: attach looks wherever yt-dlp may have put it.
			if (!this.handle) await this.pump();
			const handle = this.handle;
			const info = await handle?.stat().catch(() => undefined);
			if (!handle || !info) return undefined;
			const name = await this.probeName(handle);
			return { inode: info.ino, size: info.size, probe: probe(name).catch(() => undefined) };
		})();
	}

	/**
	 * A name ffprobe can open for the file we follow. In a temp folder yt-dlp moves the file right after it
	 * finishes, usually while ffprobe starts, so its path would fail: on Linux the name is a link (with the
	 * file's extension, ffprobe's format hint) to our open descriptor in /proc, which reaches the inode
	 * wherever it was moved. Elsewhere, the path, and a probe that fails is simply not used.
	 */
	private async probeName(handle: FileHandle): Promise<string> {
		if (!this.linkDir || process.platform !== 'linux') return this.destination;
		const link = path.join(this.linkDir, `probe-${++linkCount}${path.extname(this.destination)}`);
		return symlink(`/proc/${process.pid}/fd/${handle.fd}`, link).then(
			() => link,
			() => this.destination,
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
		// The early probe reads through our descriptor: it must end before the descriptor is closed.
		const early = await this.early;
		const probed = await early?.probe;
		await this.dispose();
		if (this.failed || this.inode === undefined) return undefined;
		const probe = early && early.inode === this.inode && early.size === this.offset ? probed : undefined;
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
