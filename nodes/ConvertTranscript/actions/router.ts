import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { TranscriptConverter } from '../../../lib';
import { readTranscriptOptions } from '../../shared/transcriptOptions';
import * as analyze from './analyze.operation';
import * as convert from './convert.operation';
import { readInput } from './input';

export type Operation = 'convert' | 'analyze';

export const operationProperties = [...convert.description, ...analyze.description];

/** The output item of one input item, for the chosen operation. */
export async function runOperation(ctx: IExecuteFunctions, operation: Operation, i: number, checkPath: (p: string) => Promise<void>): Promise<INodeExecutionData> {
	const input = await readInput(ctx, i, checkPath);
	const options = readTranscriptOptions(ctx, i);
	const converter = new TranscriptConverter(options);
	if (operation === 'analyze') return analyze.execute(ctx, i, converter, input, options.language);
	return convert.execute(ctx, i, converter, input);
}
