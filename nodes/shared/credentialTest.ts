import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { checkRedis, checkSiteAuth, siteAuthFromFields } from '../../lib';
import { redisConnectionOf } from './queueStorage';

/** The credential's Test button: settings are well-formed and the programs run. */
export async function mediaSiteAuthTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	try {
		const report = await checkSiteAuth(siteAuthFromFields(credential.data ?? {}));
		return { status: 'OK', message: `yt-dlp ${report.versions['yt-dlp']}, ffmpeg ${report.versions.ffmpeg ?? 'missing'}, ffprobe ${report.versions.ffprobe ?? 'missing'}` };
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}
}

/** The Media Queue Redis credential's Test button: the server answers with these settings. */
export async function mediaQueueRedisTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	try {
		const version = await checkRedis(redisConnectionOf(data));
		return { status: 'OK', message: `Connected to Redis ${version}` };
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}
}
