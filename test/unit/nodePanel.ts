/**
 * A node's panel as n8n computes it, with n8n-workflow's own functions: which parameters and collection options
 * it shows for some values, what "Add Option" puts in (the shown variant of the option, as the editor picks it),
 * what a saved node keeps, and what getNodeParameter then returns.
 */
import { NodeHelpers, type IExecuteFunctions, type INode, type INodeParameters, type INodeProperties, type INodeTypeDescription } from 'n8n-workflow';

export function nodeOf(description: INodeTypeDescription, typeVersion: number, parameters: INodeParameters = {}): INode {
	return { id: '1', name: 'N', type: `n8n-nodes-media-downloader.${description.name}`, typeVersion, position: [0, 0], parameters };
}

/** The parameters n8n keeps for a node (hidden ones dropped, defaults filled), as the editor and a run see them. */
export function stored(description: INodeTypeDescription, typeVersion: number, values: INodeParameters): INodeParameters {
	return NodeHelpers.getNodeParameters(description.properties, values, true, false, nodeOf(description, typeVersion, values), description)!;
}

/** The top-level parameters the panel shows (not as an AI tool). */
export function shownParameters(description: INodeTypeDescription, typeVersion: number, values: INodeParameters): INodeProperties[] {
	const parameters = stored(description, typeVersion, values);
	return description.properties.filter((p) => NodeHelpers.displayParameter(parameters, p, nodeOf(description, typeVersion, parameters), description, parameters));
}

/** The options of a collection the panel offers, each variant that shows (the editor's displayParameterPath). */
export function shownOptions(description: INodeTypeDescription, typeVersion: number, values: INodeParameters, collection: string): INodeProperties[] {
	const parameters = stored(description, typeVersion, { ...values, [collection]: values[collection] ?? {} });
	const property = shownParameters(description, typeVersion, parameters).find((p) => p.name === collection);
	if (!property) return [];
	const node = nodeOf(description, typeVersion, parameters);
	return (property.options as INodeProperties[]).filter((o) => NodeHelpers.displayParameterPath({ parameters }, o, `parameters.${collection}`, node, description));
}

/** What "Add Option" puts in for an option: the default of the variant that shows (the editor's rule), else of the first. */
export function addedValue(description: INodeTypeDescription, typeVersion: number, values: INodeParameters, collection: string, name: string): unknown {
	const shown = shownOptions(description, typeVersion, values, collection).find((o) => o.name === name);
	const property = description.properties.find((p) => p.name === collection && p.type === 'collection');
	return (shown ?? (property?.options as INodeProperties[]).find((o) => o.name === name))?.default;
}

/** An execution context whose getNodeParameter reads the stored parameters (dotted paths too), as n8n-core does. */
export function contextOf(description: INodeTypeDescription, typeVersion: number, values: INodeParameters): IExecuteFunctions {
	const parameters = stored(description, typeVersion, values);
	const node = nodeOf(description, typeVersion, parameters);
	return {
		getNode: () => node,
		getNodeParameter: (name: string, _item: number, fallback?: unknown) => {
			const value = name.split('.').reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as INodeParameters)[key] : undefined), parameters);
			if (value !== undefined) return value;
			if (fallback === undefined) throw new Error(`Could not get parameter "${name}"`);
			return fallback;
		},
	} as unknown as IExecuteFunctions;
}
