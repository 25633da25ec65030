/**
 * Output templates in words, for tooltips and preset notices: what a template gives for a sample media, and
 * its fields as names. Only the template syntax our presets use is read (`%(a,b>%Y-%m-%d|default)s`); a test
 * compares the examples with what yt-dlp itself makes of the same sample.
 */

/** The sample the examples are made for (a test writes it as yt-dlp info JSON). */
export const SAMPLE_MEDIA: Readonly<Record<string, string>> = {
	title: 'My Talk',
	id: 'abc123',
	uploader: 'Jane Doe',
	upload_date: '20240131',
	extractor: 'youtube',
};

const FIELD = /%\(([^)]*)\)s/g;

interface Field {
	/** alternatives in order, each with its own date format */
	choices: Array<{ name: string; dateFormat?: string }>;
	fallback?: string;
}

function parseField(inner: string, template: string): Field {
	const bar = inner.indexOf('|');
	const [list, fallback] = bar === -1 ? [inner, undefined] : [inner.slice(0, bar), inner.slice(bar + 1)];
	const choices = list.split(',').map((choice) => {
		const m = /^([a-z_]+)(?:>(%[Ymd](?:-%[Ymd])*))?$/.exec(choice);
		if (!m) throw new Error(`Output template "${template}": the field %(${inner})s is not one the examples can show`);
		return { name: m[1], dateFormat: m[2] };
	});
	return { choices, fallback };
}

function formatDate(yyyymmdd: string, format: string): string {
	const parts: Record<string, string> = { Y: yyyymmdd.slice(0, 4), m: yyyymmdd.slice(4, 6), d: yyyymmdd.slice(6, 8) };
	return format.replace(/%([Ymd])/g, (_, c: string) => parts[c]);
}

/** The file path a template gives for SAMPLE_MEDIA with this extension, e.g. "My Talk [abc123].mp4". */
export function templateExample(template: string, ext: string): string {
	const media: Record<string, string> = { ...SAMPLE_MEDIA, ext };
	return template.replace(FIELD, (_, inner: string) => {
		const field = parseField(inner, template);
		const choice = field.choices.find((c) => media[c.name] !== undefined);
		if (choice === undefined) return field.fallback ?? 'NA';
		return choice.dateFormat ? formatDate(media[choice.name], choice.dateFormat) : media[choice.name];
	});
}

const words = (name: string) => name.replace(/_/g, ' ').replace(/^extractor$/, 'site').replace(/^epoch$/, 'recording day');

/**
 * A template with its fields as names: "Podcasts/{uploader, channel or playlist title}/{title}.{ext}". Braces, not
 * angle brackets: n8n renders notices and descriptions as HTML, where "<title>" would vanish.
 */
export function templateInWords(template: string): string {
	return template.replace(FIELD, (_, inner: string) => {
		const names = [...new Set(parseField(inner, template).choices.map((c) => words(c.name)))];
		return `{${names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names[0]}}`;
	});
}
