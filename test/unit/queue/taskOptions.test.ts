import path from 'node:path';

import { MediaError } from '../../../lib/errors';
import { checkTaskConfig, taskCallOptions, taskOutputDir, type TaskCallBase } from '../../../lib/queue/taskOptions';

const base = (over: Partial<TaskCallBase> = {}): TaskCallBase => ({ defaultConfig: {}, defaultOutputDir: '/srv/downloads', downloadOptions: {}, ...over });

describe('checkTaskConfig', () => {
	it('returns the config without undefined values', () => {
		expect(checkTaskConfig({ quality: '720p', format: undefined, headers: { 'X-A': '1' } }, undefined, base())).toEqual({ quality: '720p', headers: { 'X-A': '1' } });
		expect(checkTaskConfig(undefined, 'podcast', base())).toEqual({});
	});

	it.each([
		['signal', new AbortController().signal],
		['onProgress', () => undefined],
		['checkOutputPath', () => undefined],
		['allowLocalFiles', true],
		['auth', { password: 'x' }],
		['cookies', 'SID=1'],
	])('refuses the run-time-only option %s: it is never stored in a task', (key, value) => {
		expect(() => checkTaskConfig({ [key]: value }, undefined, base())).toThrow(expect.objectContaining({ kind: 'InvalidInput', message: expect.stringContaining(`"${key}"`) }));
	});

	it('refuses values JSON would not keep as they are', () => {
		expect(() => checkTaskConfig({ headers: { a: () => 1 } }, undefined, base())).toThrow(/config\.headers\.a cannot be stored/);
		expect(() => checkTaskConfig({ when: new Date() }, undefined, base())).toThrow(/config\.when cannot be stored/);
		expect(() => checkTaskConfig({ timeout: Infinity }, undefined, base())).toThrow(/config\.timeout cannot be stored/);
		expect(() => checkTaskConfig({ outputDir: 5 }, undefined, base())).toThrow(/outputDir must be a folder path/);
	});

	it('validates the options with the defaults and the preset now, not when the task runs', () => {
		expect(() => checkTaskConfig({ quality: '999p' }, undefined, base())).toThrow(MediaError);
		expect(() => checkTaskConfig({}, 'nope', base())).toThrow(/Preset "nope"/);
		expect(() => checkTaskConfig({ audioOnly: false }, 'music', base())).toThrow(/makes audio files/);
		expect(() => checkTaskConfig({}, undefined, base({ defaultConfig: { quality: 'bad' } }))).toThrow(MediaError);
	});
});

describe('taskCallOptions', () => {
	it('layers the default config, the task config, its preset and folder, then the run-time options', () => {
		const check = () => undefined;
		const options = taskCallOptions(
			{ config: { quality: '720p', rateLimitMbps: 5 }, preset: 'videoArchive' },
			base({ defaultConfig: { quality: 'best', maxRetries: 7 }, downloadOptions: { checkOutputPath: check, auth: { username: 'u' } } }),
		);
		expect(options).toMatchObject({ quality: '720p', rateLimitMbps: 5, maxRetries: 7, preset: 'videoArchive', outputDir: '/srv/downloads', checkOutputPath: check, auth: { username: 'u' } });
	});

	it('takes the task folder, else the default config folder, else the default output folder', () => {
		expect(taskOutputDir({ config: { outputDir: '/data/x' } }, base())).toBe('/data/x');
		expect(taskOutputDir({ config: {} }, base({ defaultConfig: { outputDir: '/data/y' } }))).toBe('/data/y');
		expect(taskOutputDir({ config: {} }, base())).toBe('/srv/downloads');
		expect(taskOutputDir({ config: { outputDir: 'rel' } }, base())).toBe(path.resolve('rel'));
		expect(taskCallOptions({ config: { outputDir: '/data/x' } }, base()).outputDir).toBe('/data/x');
	});
});
