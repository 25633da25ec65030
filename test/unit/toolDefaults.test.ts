import { NodeHelpers, type INode, type INodeTypeDescription } from 'n8n-workflow';

import { ConvertTranscript } from '../../nodes/ConvertTranscript/ConvertTranscript.node';
import { DownloadMedia } from '../../nodes/DownloadMedia/DownloadMedia.node';
import { ExtractTranscript } from '../../nodes/ExtractTranscript/ExtractTranscript.node';

/** Parameters n8n fills for a new node of this description (defaults of the parameters shown). */
function defaults(description: INodeTypeDescription) {
	const node: INode = { id: '1', name: 'N', type: `x.${description.name}`, typeVersion: 1.1, position: [0, 0], parameters: {} };
	return NodeHelpers.getNodeParameters(description.properties, {}, true, false, node, description)!;
}

describe('Download Media as an AI Agent tool', () => {
	it('defaults to file path and metadata (an agent cannot read binary data); in workflows to binary data', () => {
		const { description } = new DownloadMedia();
		expect(defaults(description).outputMode).toBe('binary');
		// n8n builds the tool variant by appending "Tool" to the node name (convertNodeToAiTool in n8n 2.40).
		expect(defaults({ ...description, name: `${description.name}Tool` }).outputMode).toBe('filePath');
	});

	it('Convert Transcript reads text and Extract Transcript attaches no caption file as tools; binary input and the file in workflows', () => {
		const convert = new ConvertTranscript().description;
		expect(defaults(convert).source).toBe('binary');
		expect(defaults({ ...convert, name: `${convert.name}Tool` }).source).toBe('text');
		const extract = new ExtractTranscript().description;
		expect(defaults(extract).attachCaptionFile).toBe(true);
		expect(defaults({ ...extract, name: `${extract.name}Tool` }).attachCaptionFile).toBe(false);
	});
});
