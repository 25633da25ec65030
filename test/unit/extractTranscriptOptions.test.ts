import type { INodeParameters } from 'n8n-workflow';

import { chooseCaptions } from '../../lib';
import { ExtractTranscript, readCaptionSelection } from '../../nodes/ExtractTranscript/ExtractTranscript.node';
import { contextOf, shownParameters } from './nodePanel';

const { description } = new ExtractTranscript();

/** getNodeParameter over the parameters n8n keeps for a new node (hidden ones dropped, defaults filled). */
const context = (values: INodeParameters) => contextOf(description, 1.1, { url: 'https://example.com/v', ...values });

// The case: languages "en, es", only automatic English and manual Spanish.
const info = { subtitleLanguages: ['es'], autoCaptionLanguages: ['en'] };
const pick = (values: INodeParameters) => {
	const { languages, auto, priority } = readCaptionSelection(context(values), 0);
	return chooseCaptions(info, languages, auto, priority);
};

describe('Extract Transcript: which captions win', () => {
	it('by default follows the language order: automatic English before manual Spanish', () => {
		expect(readCaptionSelection(context({ languages: 'en, es' }), 0)).toEqual({ languages: ['en', 'es'], auto: true, priority: 'language' });
		expect(pick({ languages: 'en, es' })).toEqual({ language: 'en', automatic: true });
	});

	it('"Manual Captions First" keeps the old behaviour: manual Spanish wins', () => {
		expect(pick({ languages: 'en, es', captionPriority: 'manual' })).toEqual({ language: 'es', automatic: false });
	});

	it('without automatic captions the choice is hidden and only manual captions count', () => {
		expect(readCaptionSelection(context({ languages: 'en,es', includeAutomatic: false, captionPriority: 'manual' }), 0).priority).toBe('language');
		expect(pick({ languages: 'en,es', includeAutomatic: false })).toEqual({ language: 'es', automatic: false });
	});
});

describe('Extract Transcript: Transcript Options', () => {
	const optionsOf = (typeVersion: number) => {
		const shown = shownParameters(description, typeVersion, {}).filter((p) => p.name === 'transcriptOptions');
		expect(shown).toHaveLength(1);
		return (shown[0].options as Array<{ name: string }>).map((o) => o.name);
	};

	it('on new nodes leave out Input Format and Language: the node fetched the file and chose its language', () => {
		expect(optionsOf(1.1)).not.toContain('format');
		expect(optionsOf(1.1)).not.toContain('language');
		expect(optionsOf(1.1)).toContain('paragraphMinWords');
	});

	it('on version 1 nodes keep them, so saved workflows keep their values', () => {
		expect(optionsOf(1)).toEqual(expect.arrayContaining(['format', 'language', 'paragraphMinWords']));
	});
});
