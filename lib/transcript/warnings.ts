import type { TranscriptWarning } from './types';

/**
 * Collects best-effort warnings. A broken file can repeat one problem thousands of times (a live
 * stream with 200 time resets), so each kind is reported once, with its first line and a count.
 */
export class Warnings {
	private readonly byCode = new Map<string, TranscriptWarning>();

	add(code: string, message: string, line?: number): void {
		const seen = this.byCode.get(code);
		if (seen) {
			seen.count = (seen.count ?? 1) + 1;
			return;
		}
		this.byCode.set(code, { code, message, line });
	}

	list(): TranscriptWarning[] {
		return [...this.byCode.values()].map((w) => {
			const where = w.line === undefined ? '' : `line ${w.line}: `;
			const times = w.count && w.count > 1 ? ` (${w.count} times)` : '';
			return { ...w, message: `${where}${w.message}${times}` };
		});
	}
}
