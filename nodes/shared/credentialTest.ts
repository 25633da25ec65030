import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { checkSiteAuth, siteAuthFromFields } from '../../lib';

/** The credential's Test button: settings are well-formed and the programs run. */
export async function mediaSiteAuthTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	try {
		const report = await checkSiteAuth(siteAuthFromFields(credential.data ?? {}));
		return { status: 'OK', message: `yt-dlp ${report.versions['yt-dlp']}, ffmpeg ${report.versions.ffmpeg ?? 'missing'}, ffprobe ${report.versions.ffprobe ?? 'missing'}` };
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}
}
