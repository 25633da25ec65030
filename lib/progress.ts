/** Download progress as reported to nodes and queue listeners. */
export interface Progress {
	/** yt-dlp's status: downloading, or finished (the file is complete under its final name) */
	status?: string;
	percent: number | null;
	bytesDownloaded: number;
	totalBytes: number | null;
	/** bytes per second */
	speed: number | null;
	/** seconds */
	eta: number | null;
	fragment?: { index: number; count: number | null };
}

const MARK = '[mdl-progress]';

/**
 * yt-dlp's progress template for the lines parseProgressLine reads (progressFlags in lib/ytdlpFlags.ts
 * passes it): the marker, then the fields in the order parsed below.
 */
export const PROGRESS_TEMPLATE = `download:${MARK} %(progress.status)s %(progress.downloaded_bytes)s %(progress.total_bytes)s %(progress.total_bytes_estimate)s %(progress.speed)s %(progress.eta)s %(progress.fragment_index)s %(progress.fragment_count)s`;

function num(text: string | undefined): number | null {
	if (text === undefined || text === 'NA' || text === 'None') return null;
	const value = Number(text);
	return Number.isFinite(value) ? value : null;
}

/** Parses one stdout line; null for any line that is not a progress line. */
export function parseProgressLine(line: string): Progress | null {
	const at = line.indexOf(MARK);
	if (at === -1) return null;
	const [status, downloaded, total, estimate, speed, eta, fragIndex, fragCount] = line
		.slice(at + MARK.length)
		.trim()
		.split(/\s+/);
	const bytesDownloaded = num(downloaded);
	if (bytesDownloaded === null) return null;
	const totalBytes = num(total) ?? num(estimate);
	const progress: Progress = {
		status,
		percent: totalBytes ? Math.min(100, Math.round((bytesDownloaded / totalBytes) * 1000) / 10) : null,
		bytesDownloaded,
		totalBytes: totalBytes === null ? null : Math.round(totalBytes),
		speed: num(speed),
		eta: num(eta),
	};
	const index = num(fragIndex);
	if (index !== null) progress.fragment = { index, count: num(fragCount) };
	return progress;
}
