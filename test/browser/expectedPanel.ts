/**
 * What a node's parameter panel must show, from its description as n8n serves it and the node's parameter
 * values: the top-level parameters n8n's own display rules (n8n-workflow's NodeHelpers, which the editor
 * uses too) show, each with its display name, and the credential slots. The panel as read in the page is
 * compared with it by panelMismatches().
 */
import { NodeHelpers, type INodeParameters, type INodeProperties, type INodeTypeDescription } from 'n8n-workflow';

export interface ExpectedPanel {
	/** parameters shown with a label: name and the display name the label must read */
	labels: Array<{ name: string; displayName: string }>;
	/** text that must be in the panel (notices, which show their display name) */
	texts: string[];
	/** credential types whose slot is shown */
	credentials: string[];
	/** what n8n's editor hides for the node's "main authentication field", if it finds one */
	authRule?: AuthRule;
}

/**
 * n8n's editor (editor-ui nodeTypesUtils getMainAuthField / getNodeAuthFields, ParameterInputList) takes a
 * parameter the credentials' displayOptions name as the node's main authentication field when it is called
 * `authentication` and has no 'none' choice (a hidden one has no choices at all), or when every choice of it
 * shows a credential. It then leaves out of the panel that field, every parameter of that name, and every
 * parameter one of those fields' displayOptions.show names. Kept here to explain a parameter the panel lacks.
 */
export interface AuthRule {
	mainField: INodeProperties;
	/** parameter name -> the authentication field whose displayOptions.show names it */
	hides: Map<string, string>;
}

/** The panel as read in the page (see readPanel in ndv.ts). */
export interface PanelContent {
	nodeName: string;
	labels: Array<{ name: string; text: string }>;
	credentialSlots: number;
	text: string;
}

/** Text n8n puts in a panel when a node or its parameters cannot be shown. */
const PANEL_ERRORS = [
	/could not load/i,
	/error (?:fetching|loading)/i,
	/problem loading/i,
	/this node is not (?:currently )?installed/i,
	/install this node/i,
	/unrecognized node type/i,
	/node type .* is not known/i,
];

const latestVersion = (description: INodeTypeDescription) =>
	Array.isArray(description.version) ? Math.max(...description.version) : description.version;

/** The node's parameter values with n8n's defaults filled in, as the editor holds them. */
export function withDefaults(description: INodeTypeDescription, parameters: INodeParameters, typeVersion = latestVersion(description)): INodeParameters {
	return NodeHelpers.getNodeParameters(description.properties, parameters, true, false, { typeVersion }, description) ?? {};
}

export function expectedPanel(description: INodeTypeDescription, parameters: INodeParameters, typeVersion = latestVersion(description)): ExpectedPanel {
	const node = { typeVersion };
	const values = withDefaults(description, parameters, typeVersion);
	const shown = (p: INodeProperties) => p.type !== 'hidden' && NodeHelpers.displayParameter(values, p, node, description);
	const visible = description.properties.filter(shown);
	const isText = (p: INodeProperties) => p.type === 'notice' || p.type === 'callout';
	return {
		labels: visible.filter((p) => !isText(p)).map((p) => ({ name: p.name, displayName: p.displayName })),
		texts: visible.filter(isText).map((p) => plainText(p.displayName)),
		credentials: (description.credentials ?? []).filter((c) => NodeHelpers.displayParameter(values, c, node, description)).map((c) => c.name),
		authRule: authRule(description),
	};
}

export function authRule(description: INodeTypeDescription): AuthRule | undefined {
	const credentials = description.credentials ?? [];
	const shownOn = new Map<string, string[]>();
	for (const credential of credentials) {
		for (const [field, values] of Object.entries(credential.displayOptions?.show ?? {})) {
			shownOn.set(field, [...(shownOn.get(field) ?? []), ...(values ?? []).map((v) => String(v))]);
		}
	}
	const authFields = description.properties.filter((p) => shownOn.has(p.name));
	const choices = (p: INodeProperties) => (p.options ?? []).filter((o) => 'value' in o).map((o) => String((o as { value: unknown }).value));
	const mainField =
		authFields.find((p) => p.name === 'authentication' && !choices(p).includes('none')) ??
		authFields.find((p) => p.type === 'options' && choices(p).every((v) => shownOn.get(p.name)!.includes(v)));
	if (!mainField) return undefined;
	const hides = new Map<string, string>();
	for (const field of authFields) for (const name of Object.keys(field.displayOptions?.show ?? {})) hides.set(name, field.name);
	return { mainField, hides };
}

function whyHidden(rule: AuthRule | undefined, name: string): string {
	if (!rule) return '';
	const main = `n8n's editor takes "${rule.mainField.name}" (type ${rule.mainField.type}${rule.mainField.displayOptions ? `, shown on ${JSON.stringify(rule.mainField.displayOptions.show)}` : ''}) as the main authentication field`;
	if (name === rule.mainField.name) return ` (${main} and leaves every parameter of that name out of the panel)`;
	const by = rule.hides.get(name);
	if (by) return ` (${main} and leaves out every parameter an authentication field's displayOptions.show names: "${by}" names "${name}")`;
	return '';
}

/** Differences between what the panel shows and what it must show; empty when it is right. */
export function panelMismatches(panel: PanelContent, expected: ExpectedPanel): string[] {
	const found: string[] = [];
	for (const { name, displayName } of expected.labels) {
		const labels = panel.labels.filter((l) => l.name === name);
		if (labels.length === 0) found.push(`parameter "${displayName}" (${name}) is not shown${whyHidden(expected.authRule, name)}`);
		else if (!labels.some((l) => l.text === displayName)) found.push(`parameter ${name} is labelled ${labels.map((l) => JSON.stringify(l.text)).join(', ')}, not "${displayName}"`);
	}
	const text = panel.text.replace(/\s+/g, ' ');
	for (const wanted of expected.texts) {
		if (text.includes(wanted)) continue;
		// Where the notice starts in the panel, to show what it reads instead.
		const start = text.indexOf(wanted.slice(0, 30));
		const shown = start >= 0 ? `; the panel reads "${text.slice(start, start + wanted.length + 20)}"` : '';
		found.push(`notice text "${wanted}" is not shown${shown}`);
	}
	if (panel.credentialSlots !== expected.credentials.length) {
		found.push(`${panel.credentialSlots} credential slot(s) shown, expected ${expected.credentials.length} (${expected.credentials.join(', ') || 'none'})`);
	}
	for (const pattern of PANEL_ERRORS) {
		const match = pattern.exec(text);
		if (match) found.push(`the panel says "${text.slice(Math.max(0, match.index - 60), match.index + 120).trim()}"`);
	}
	return found;
}

/**
 * The text a notice should show: n8n renders its display name as HTML, so formatting tags are markup, but
 * any other <word> (a placeholder such as <title>) is meant as text. n8n's renderer drops or mangles those:
 * keeping them here makes the check catch it.
 */
const FORMATTING_TAGS = /<\/?(?:a|b|br|code|em|i|li|ol|p|span|strong|ul)(?:\s[^>]*)?\/?>/gi;
function plainText(html: string): string {
	return html
		.replace(FORMATTING_TAGS, '')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, '&')
		.replace(/\s+/g, ' ')
		.trim();
}
