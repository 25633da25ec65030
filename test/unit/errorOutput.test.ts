import type { IExecuteFunctions, INode } from 'n8n-workflow';

import { MediaError } from '../../lib';
import { errorItem } from '../../nodes/shared/errors';

/**
 * n8n 2.x moves an item to a node's error output (*On Error: Continue (using error output)*) only when the item has
 * `error` set (and then replaces its JSON with the message) or its JSON holds nothing but `error`, `message` and
 * `details` (WorkflowExecute.handleNodeErrorOutput); other error items stay on the success output.
 */
const ROUTED_KEYS = ['error', 'message', 'details'];
const ctxWith = (onError?: INode['onError']) => ({ getNode: () => ({ name: 'Test', type: 'test', typeVersion: 1, position: [0, 0], parameters: {}, onError }) }) as unknown as IExecuteFunctions;
const failure = () => new MediaError('NotFound', 'HTTP Error 404: Not Found', { url: 'https://example.org/a.mp3', reported: 'HTTP Error 404: Not Found' });

describe('errorItem', () => {
	it('keeps the documented fields on the regular output (Continue On Fail)', () => {
		const item = errorItem(ctxWith('continueRegularOutput'), failure(), 2, 'https://example.org/a.mp3', { fallbackAttempts: [] });
		expect(item.pairedItem).toEqual({ item: 2 });
		expect(item.json).toEqual({ error: expect.any(String), kind: 'NotFound', retryable: false, hint: expect.any(String), details: 'HTTP Error 404: Not Found', url: 'https://example.org/a.mp3', fallbackAttempts: [] });
	});

	it('with an error output, has only the keys n8n routes there, the other fields in details', () => {
		const flat = errorItem(ctxWith(), failure(), 0, 'https://example.org/a.mp3').json;
		const item = errorItem(ctxWith('continueErrorOutput'), failure(), 1, 'https://example.org/a.mp3');
		expect(Object.keys(item.json).every((key) => ROUTED_KEYS.includes(key))).toBe(true);
		const { error, ...rest } = flat;
		expect(item.json).toEqual({ error, details: rest });
		expect(item.pairedItem).toEqual({ item: 1 });
	});

	it('a plain error without a URL is just its message', () => {
		expect(errorItem(ctxWith('continueErrorOutput'), new Error('bad parameter'), 0).json).toEqual({ error: 'bad parameter' });
	});
});
