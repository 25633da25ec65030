import { mkdir, readdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';

import type { Checksum } from '../ffmpeg';
import { toMediaInfo, type MediaInfo } from '../mediaInfo';
import { assertInside, checkNamed, realTarget, resolveInside, type PathCheck } from './confine';
import type { DownloadResult, SideFiles } from './types';

type Json = Record<string, unknown>;

/** A file yt-dlp finished (after all its post-processing), from the after_move JSON lines. */
export interface FinishedFile {
	filepath: string;
	raw: Json;
}

/** Reads the --print-to-file results (one JSON line per finished file); missing file = nothing finished. */
export async function readFinished(resultsFile: string): Promise<FinishedFile[]> {
	const text = await readFile(resultsFile, 'utf8').catch(() => '');
	const finished: FinishedFile[] = [];
	for (const line of text.split('\n')) {
		if (!line.trim()) continue;
		try {
			const raw = JSON.parse(line) as Json;
			const filepath = typeof raw.filepath === 'string' ? raw.filepath : typeof raw._filename === 'string' ? raw._filename : undefined;
			if (filepath) finished.push({ filepath, raw });
		} catch {
			// A line cut short by a killed process: that file did not finish.
		}
	}
	return finished;
}

/** An entry the download archive already lists. */
export interface ArchivedEntry {
	/** yt-dlp's words for the entry */
	text: string;
	/** what precedes the first ": ", when it may be the media id (see archivedEntry) */
	id?: string;
	title: string;
}

export interface SkipNotes {
	/** entries yt-dlp skipped because the archive lists them */
	archived: ArchivedEntry[];
	/** basenames yt-dlp found already on disk */
	existing: string[];
	/** size-limit skips, as yt-dlp worded them */
	sizeRejected: string[];
}

/** yt-dlp reports skips only as screen messages (2023.03 to 2026 wording). */
export function readSkips(stdout: string): SkipNotes {
	const notes: SkipNotes = { archived: [], existing: [], sizeRejected: [] };
	for (const line of stdout.split('\n')) {
		let m = /^\[download\] (.+?) ?has already been recorded in the archive/.exec(line);
		if (m) notes.archived.push(archivedEntry(m[1]));
		m = /^\[download\] (.+) has already been downloaded/.exec(line);
		if (m) notes.existing.push(path.basename(m[1].trim()));
		if (/File is (larger|smaller) than (max|min)-filesize/.test(line)) notes.sizeRejected.push(line.replace(/^\[download\]\s*/, '').trim());
	}
	return notes;
}

/**
 * yt-dlp 2023.03 says "<title> has already been recorded"; later releases say "<id>: <title> …", or
 * "<id>: …" when they know only the id. Titles may hold ": " too, so only the first one splits, and
 * only when what precedes it looks like an id (no spaces); the caller confirms it against the archive.
 */
export function archivedEntry(text: string): ArchivedEntry {
	const trimmed = text.trim();
	const m = /^([^\s:]+):(?: (.*))?$/.exec(trimmed);
	if (m) return { text: trimmed, id: m[1], title: m[2]?.trim() || m[1] };
	return { text: trimmed, title: trimmed };
}

/**
 * yt-dlp writes the description with a plain open(), which follows a symlink planted at its name (even a
 * dangling one, creating its target anywhere). So it writes it in the download's temp folder
 * (`--paths description:`) and we move it into place: a rename replaces a symlink, never follows it.
 */
async function bringDescription(from: string, to: string): Promise<void> {
	await rename(from, to).catch((error: NodeJS.ErrnoException) => {
		if (error.code !== 'ENOENT') throw error;
	});
}

/**
 * A playlist's own description and thumbnail (`--paths pl_description:`, `pl_thumbnail:`), which no result
 * names, go where yt-dlp would have written them: the same place below the output folder as below the temp
 * folder. Their folder is confined (made when no entry made it), the file passes the caller's check, and a
 * rename puts it into place, which replaces a symlink planted at its name instead of writing through it.
 */
export async function bringPlaylistFile(file: string, tempDir: string, outputDir: string, check?: PathCheck): Promise<string> {
	const option = sideOptionFor(file);
	const relative = path.relative(tempDir, file);
	const folder = async () => (path.dirname(relative) === '.' ? path.resolve(outputDir) : resolveInside(outputDir, path.dirname(relative), option, check));
	let dir = await folder();
	// Made here, then resolved again: a link planted at a new folder's name meanwhile would be followed.
	if ((await mkdir(dir, { recursive: true })) !== undefined) dir = await folder();
	const target = path.join(dir, path.basename(relative));
	await checkNamed(option, check, target);
	await rename(file, target);
	return target;
}

/** What yt-dlp leaves in a finished download's temp folder that belongs in the output folder: a playlist's own description or thumbnail. */
export function isPlaylistFile(file: string): boolean {
	const option = sideOptionFor(file);
	return option === SIDE_OPTION.description || option === SIDE_OPTION.thumbnail;
}


/** The option that makes yt-dlp write each kind of side file (named when one leads outside). */
const SIDE_OPTION: Record<keyof SideFiles, string> = { info: 'writeInfoJson', description: 'writeDescription', subtitles: 'writeSubtitles', thumbnail: 'writeThumbnail' };

/** The file name endings of the thumbnails yt-dlp writes. */
const THUMBNAIL = /\.(jpe?g|png|webp)$/i;

/** The option that makes yt-dlp write a file of that name, for the refusal of the caller's check. */
export function sideOptionFor(file: string): string {
	if (file.endsWith('.description')) return SIDE_OPTION.description;
	if (file.endsWith('.info.json')) return SIDE_OPTION.info;
	if (THUMBNAIL.test(file)) return SIDE_OPTION.thumbnail;
	if (/\.(vtt|srt|ttml|srv[123]|json3|ass|lrc)$/i.test(file)) return SIDE_OPTION.subtitles;
	return 'The file';
}

/**
 * Side files written next to a download share its stem: stem.info.json, stem.description, stem.en.vtt,
 * stem.jpg. With `confine`, the file itself (a converted one too) and every side file must lie inside the
 * output folder through symlinks (yt-dlp keeps a link planted at the info JSON's name when its target
 * exists: "already present") and pass the caller's file-access check.
 */
export async function sideFiles(filepath: string, confine?: { outputDir: string; check?: PathCheck; tempDir?: string }): Promise<SideFiles> {
	const dir = path.dirname(filepath);
	const stem = path.parse(filepath).name;
	const relative = confine ? path.relative(confine.outputDir, dir) : '..';
	if (confine?.tempDir && !relative.startsWith('..')) await bringDescription(path.join(confine.tempDir, relative, `${stem}.description`), path.join(dir, `${stem}.description`));
	const names = await readdir(dir).catch(() => [] as string[]);
	const files: SideFiles = { subtitles: [] };
	const found: Array<[string, string]> = [];
	for (const name of names.sort()) {
		if (!name.startsWith(`${stem}.`) || name === path.basename(filepath)) continue;
		const full = path.join(dir, name);
		const rest = name.slice(stem.length + 1);
		if (rest === 'info.json') found.push([(files.info = full), SIDE_OPTION.info]);
		else if (rest === 'description') found.push([(files.description = full), SIDE_OPTION.description]);
		else if (/^[\w.-]+\.(vtt|srt|ttml|srv[123]|json3|ass|lrc)$/.test(rest)) {
			files.subtitles.push(full);
			found.push([full, SIDE_OPTION.subtitles]);
		} else if (/^(jpg|jpeg|png|webp)$/.test(rest)) found.push([(files.thumbnail = full), SIDE_OPTION.thumbnail]);
	}
	if (confine)
		for (const [file, option] of [[filepath, 'The file'], ...found]) {
			await assertInside(confine.outputDir, [file], option);
			await checkNamed(option, confine.check, (await realTarget(file)) ?? file);
		}
	return files;
}

/** A result's digest fields: `checksum` names its algorithm; a sha256 is also `sha256`, the spec's field. */
export function digestFields(checksum: Checksum | undefined): Pick<DownloadResult, 'checksum' | 'sha256'> {
	if (!checksum) return {};
	return checksum.algorithm === 'sha256' ? { checksum, sha256: checksum.digest } : { checksum };
}

/** The metadata part of a result, from yt-dlp's info dict. */
export function resultInfo(raw: Json, inputUrl: string): Omit<MediaInfo, 'formats' | 'playlist'> & { playlistIndex?: number } {
	const info: Partial<MediaInfo> = toMediaInfo(raw, inputUrl, 0);
	delete info.formats;
	delete info.playlist;
	const playlistIndex = typeof raw.playlist_index === 'number' ? raw.playlist_index : undefined;
	return { ...(info as Omit<MediaInfo, 'formats' | 'playlist'>), ...(playlistIndex === undefined ? {} : { playlistIndex }) };
}
