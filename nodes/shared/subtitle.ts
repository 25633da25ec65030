import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/**
 * The canvas label under a node: the display name of the chosen value of `parameter` ("Download Audio",
 * not `downloadAudio`), as an n8n expression over a lookup taken from the parameter's own options, so the
 * label cannot drift from the panel. `prefix`/`suffix` frame it ("Markdown transcript").
 */
export function choiceSubtitle(properties: INodeProperties[], parameter: string, frame: { prefix?: string; suffix?: string } = {}): string {
	const property = properties.find((p) => p.name === parameter && p.type === 'options');
	if (!property) throw new Error(`No options parameter "${parameter}" to label the node with`);
	const names = Object.fromEntries((property.options as INodePropertyOptions[]).map((o) => [String(o.value), o.name]));
	const label = `(${JSON.stringify(names)})[$parameter[${JSON.stringify(parameter)}]]`;
	const parts = [frame.prefix && JSON.stringify(frame.prefix), label, frame.suffix && JSON.stringify(frame.suffix)].filter(Boolean);
	return `={{ ${parts.join(' + ')} }}`;
}
