import { NodeOperationError, type IExecuteFunctions, type INode } from 'n8n-workflow';

import { MediaError } from '../../lib';
import { classifyFailure } from '../../lib/errors';
import { errorJson, itemError } from '../../nodes/shared/errors';

const node: INode = { id: '1', name: 'Download Media', type: 'n8n-nodes-media-downloader.downloadMedia', typeVersion: 1, position: [0, 0], parameters: {} };
const ctx = { getNode: () => node } as unknown as IExecuteFunctions;
const offline = classifyFailure(
	"[generic] None: Unable to download webpage: <urlopen error [Errno -2] Name or service not known> (caused by URLError(gaierror(-2, 'Name or service not known')))",
	'https://media.invalid/v',
);

describe('node errors', () => {
	it('lead with the classified message naming the item and URL; yt-dlp\'s raw line goes to the description', () => {
		const error = itemError(ctx, offline, 0);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(`Item 1: The connection for https://media.invalid/v failed. ${offline.hint}`);
		expect(error.message).not.toMatch(/None|urlopen|gaierror/);
		expect(error.description).toMatch(/^yt-dlp said: Unable to download webpage: <urlopen error \[Errno -2\]/);
		expect(error.context.itemIndex).toBe(0);
	});

	it('keep our own messages, with the hint and URL as the description', () => {
		const error = itemError(ctx, new MediaError('InvalidInput', 'Local files and file:// URLs are refused', { url: '/etc/passwd' }), 2);
		expect(error.message).toBe('Item 3: Local files and file:// URLs are refused');
		expect(error.description).toBe('Correct the input value. (URL: /etc/passwd)');
	});

	it('put the headline in an error item and the program line in details', () => {
		expect(errorJson(offline, 'https://media.invalid/v')).toEqual({
			error: `The connection for https://media.invalid/v failed. ${offline.hint}`,
			kind: 'Network',
			retryable: true,
			hint: offline.hint,
			details: offline.reported,
			url: 'https://media.invalid/v',
		});
		expect(errorJson(new Error('plain'))).toEqual({ error: 'plain' });
	});
});
