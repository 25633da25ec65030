import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename } from 'node:fs/promises';
import path from 'node:path';

import { classifyFailure, errorLines, MediaError, tail } from '../errors';
import { expandHome } from '../home';
import { withRetries } from '../retry';
import { checkMediaUrl, type UrlPolicy } from '../urls';
import { runYtDlp, type SiteAuth } from '../ytdlp';
import { captionFlags } from '../ytdlpFlags';
import { checkNamed, realTarget, type PathCheck } from './confine';

export interface SubtitleOptions extends UrlPolicy {
	/** `~` is the home folder; the folder passes checkOutputPath (or, without one, checkLocalPath) before anything is written */
	outputDir: string;
	/** n8n's file-access rules for the folder we write into; throws to refuse */
	checkOutputPath?: PathCheck;
	/** priority order; patterns like en.* allowed */
	languages?: string[];
	/** also accept auto-generated captions */
	auto?: boolean;
	auth?: SiteAuth;
	signal?: AbortSignal;
	timeoutMs?: number;
	maxRetries?: number;
	/** base name of the written files (default: the media id) */
	baseName?: string;
	/** yt-dlp --sub-format preference list (default CAPTION_FORMATS) */
	format?: string;
}

export interface SubtitleFile {
	language: string;
	path: string;
	format: string;
}

/**
 * YouTube's json3/srv3 carry every word once with its timing (no rolling duplicates), so they are
 * asked for first; VTT and SRT serve every other site.
 */
export const CAPTION_FORMATS = 'json3/srv3/vtt/srt/ttml/best';

/** Writes a URL's caption files (no media) into outputDir; throws NotFound when none match the languages. */
export async function downloadSubtitles(input: string, options: SubtitleOptions): Promise<SubtitleFile[]> {
	const { url } = await checkMediaUrl(input, options);
	const languages = options.languages?.length ? options.languages : ['en'];
	for (const lang of languages)
		if (!/^[A-Za-z0-9_.*+-]{1,40}$/.test(lang)) throw new MediaError('InvalidInput', `"${lang}" is not a language code (en, de, pt-BR, or a pattern like en.*)`, { url: input });
	const outputDir = path.resolve(expandHome(options.outputDir));
	await checkNamed('outputDir', options.checkOutputPath ?? options.checkLocalPath, (await realTarget(outputDir)) ?? outputDir);
	await mkdir(outputDir, { recursive: true });
	const stem = `mdl-subs-${randomUUID()}`;
	const args = captionFlags({ languages, auto: options.auto, format: options.format ?? CAPTION_FORMATS, outputDir, stem });
	const id = await withRetries(
		async () => {
			const result = await runYtDlp(args, [url], { auth: options.auth, signal: options.signal, timeoutMs: options.timeoutMs ?? 120_000 });
			if (result.exitCode !== 0) {
				const line = errorLines(result.stderr)[0] ?? tail(result.stderr);
				throw classifyFailure(line, input, tail(result.stderr));
			}
			return result.stdout.trim().split('\n').pop() ?? 'media';
		},
		{ maxRetries: options.maxRetries ?? 2, signal: options.signal },
	);
	const written = (await readdir(outputDir)).filter((name) => name.startsWith(`${stem}.`));
	const files: SubtitleFile[] = [];
	for (const name of written) {
		const [, language, format] = /^[^.]+\.(.+)\.([^.]+)$/.exec(name) ?? [];
		if (!language) continue;
		const base = (options.baseName ?? id).replace(/[^\p{L}\p{N}._-]/gu, '_');
		const target = path.join(outputDir, `${base}.${language}.${format}`);
		await rename(path.join(outputDir, name), target);
		files.push({ language, path: target, format });
	}
	// yt-dlp writes in its own order: report in the caller's priority order.
	// Language codes are regular expressions for yt-dlp (en.* = every English variant): rank them alike.
	const matches = (wanted: string, lang: string) => {
		try {
			return new RegExp(`^(?:${wanted})$`).test(lang);
		} catch {
			return wanted === lang;
		}
	};
	const rank = (lang: string) => {
		const i = languages.findIndex((wanted) => matches(wanted, lang));
		return i === -1 ? languages.length : i;
	};
	files.sort((a, b) => rank(a.language) - rank(b.language));
	if (files.length === 0)
		throw new MediaError('NotFound', `No captions in ${languages.join(', ')}${options.auto ? ' (manual or automatic)' : ''}`, {
			url: input,
			hint: 'List the available languages with Media Info (subtitleLanguages, autoCaptionLanguages), or allow automatic captions.',
		});
	return files;
}
