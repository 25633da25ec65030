/**
 * Groups item indexes whose settings are equal. Settings may come from per-item expressions, but one
 * yt-dlp process runs with one set of options.
 */
export function groupBySettings<T>(itemIndexes: number[], settingsOf: (itemIndex: number) => T): Array<{ settings: T; items: number[] }> {
	const groups = new Map<string, { settings: T; items: number[] }>();
	for (const i of itemIndexes) {
		const settings = settingsOf(i);
		const key = JSON.stringify(settings);
		const group = groups.get(key) ?? { settings, items: [] };
		group.items.push(i);
		groups.set(key, group);
	}
	return [...groups.values()];
}
