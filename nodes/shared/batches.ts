/**
 * Groups item indexes into batches of at most `size`, keeping items whose settings differ apart (settings
 * may come from per-item expressions, but one yt-dlp process runs with one set of options).
 */
export function batchItems<T>(count: number, settingsOf: (itemIndex: number) => T, size: number): Array<{ settings: T; items: number[] }> {
	const groups = new Map<string, { settings: T; items: number[] }>();
	const batches: Array<{ settings: T; items: number[] }> = [];
	for (let i = 0; i < count; i++) {
		const settings = settingsOf(i);
		const key = JSON.stringify(settings);
		let group = groups.get(key);
		if (!group || group.items.length >= size) {
			group = { settings, items: [] };
			groups.set(key, group);
			batches.push(group);
		}
		group.items.push(i);
	}
	return batches;
}
