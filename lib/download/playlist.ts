import { mapWithConcurrency } from '../concurrency';
import { MediaError } from '../errors';
import { getInfo } from '../info';
import type { MediaInfo } from '../mediaInfo';
import type { DownloadResult } from './types';

/** What a parallel playlist download needs to know of a single-process download. */
export interface PlaylistCallOptions {
	/** the playlist URL as yt-dlp receives it */
	url: string;
	startNumber?: number;
	endNumber?: number;
	maxDownloads?: number;
	ignoreErrors?: boolean;
	maxConcurrent: number;
	signal?: AbortSignal;
	info: Parameters<typeof getInfo>[1];
}

type Download = (entryNumbers: number[] | undefined) => Promise<DownloadResult[]>;

/** The warning a result carries when other entries of its playlist failed (ignoreErrors). */
export function entryFailureNote(messages: string[]): string {
	return `${messages.length} playlist entr${messages.length === 1 ? 'y' : 'ies'} failed: ${messages.join('; ')}`;
}

/** Entry numbers dealt round-robin to `ways` lists: 1..7 in 3 → [1,4,7], [2,5], [3,6]. */
export function stripes(numbers: number[], ways: number): number[][] {
	const out: number[][] = Array.from({ length: Math.min(ways, numbers.length) }, () => []);
	numbers.forEach((n, i) => out[i % out.length].push(n));
	return out;
}

/** The playlist position of a result: yt-dlp's playlist_index, else its id or title in the listing. */
function positionOf(result: DownloadResult, listing: MediaInfo): number {
	if (result.info.playlistIndex !== undefined) return result.info.playlistIndex;
	const entry = listing.playlist?.entries.find((e) => (e.id !== undefined && e.id === result.info.id) || (e.title !== undefined && e.title === result.info.title));
	return entry?.index ?? Number.MAX_SAFE_INTEGER;
}

/**
 * A playlist's entries downloaded by several yt-dlp processes at once, each given its share of the
 * entry numbers (`--playlist-items`): every process keeps the playlist's own metadata for its entries
 * (a podcast feed's titles and uploader, which the entries' plain URLs lack), and the archive works as
 * in one process since each entry belongs to exactly one of them. The listing is flat (one fast yt-dlp
 * run). With a download limit (maxDownloads) the count must be exact across entries, so one process
 * does it all, as without concurrency.
 *
 * Without ignoreErrors a failed entry fails the call with the first error in playlist order; what the
 * other processes finished is kept in `partialResults`.
 */
export async function downloadPlaylistEntries(download: Download, options: PlaylistCallOptions): Promise<DownloadResult[]> {
	if (options.maxConcurrent <= 1 || (options.maxDownloads ?? 0) > 0) return download(undefined);
	const start = Math.max(1, options.startNumber ?? 1);
	const end = options.endNumber && options.endNumber > 0 ? options.endNumber : Infinity;
	const listing = await getInfo(options.url, { ...options.info, signal: options.signal, playlistLimit: Number.isFinite(end) ? end : 10_000 });
	const count = listing.type === 'playlist' ? (listing.playlist?.entries.length ?? 0) : 0;
	const numbers = Array.from({ length: Math.max(0, Math.min(count, end) - start + 1) }, (_, i) => start + i);
	if (numbers.length <= 1) return download(undefined);

	interface Part {
		results: DownloadResult[];
		error?: MediaError;
		/** the first entry number of the share, to order errors as the playlist does */
		first: number;
	}
	const parts = await mapWithConcurrency<number[], Part>(
		stripes(numbers, options.maxConcurrent),
		options.maxConcurrent,
		(entryNumbers) =>
			download(entryNumbers).then(
				(results) => ({ results, first: entryNumbers[0] }),
				(error: unknown) => ({ results: (error as { partialResults?: DownloadResult[] }).partialResults ?? [], error: error as MediaError, first: entryNumbers[0] }),
			),
		{ signal: options.signal, onSkipped: (entryNumbers) => ({ results: [], error: new MediaError('Cancelled', 'The execution was cancelled'), first: entryNumbers[0] }) },
	);
	const results = parts.flatMap((p) => p.results).sort((a, b) => positionOf(a, listing) - positionOf(b, listing));
	const failed = parts.filter((p) => p.error !== undefined).sort((a, b) => a.first - b.first);
	if (failed.length > 0 && (!options.ignoreErrors || results.length === 0 || failed.some((p) => p.error!.kind === 'Cancelled')))
		throw Object.assign(failed[0].error!, { partialResults: results });
	// With ignoreErrors a process whose entries all failed is reported like a failed entry of one process.
	if (failed.length > 0) for (const r of results) r.warnings.push(entryFailureNote(failed.map((p) => p.error!.message)));
	return results;
}
