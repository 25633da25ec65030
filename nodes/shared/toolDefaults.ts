import type { INodeProperties, NodeParameterValueType } from 'n8n-workflow';

/**
 * One parameter with another default when the node runs as an AI Agent's tool: n8n's `@tool` display condition
 * tells the tool variant (node name + "Tool") from the workflow node. An agent passes and reads JSON only, so
 * where a workflow default means binary data, the tool's default must not.
 */
export function withToolDefault(property: INodeProperties, toolDefault: NodeParameterValueType): INodeProperties[] {
	const show = property.displayOptions?.show ?? {};
	return [
		{ ...property, displayOptions: { ...property.displayOptions, show: { ...show, '@tool': [false] } } },
		{ ...property, default: toolDefault, displayOptions: { ...property.displayOptions, show: { ...show, '@tool': [true] } } },
	];
}
