import { NodeOperationError, type ICredentialDataDecryptedObject, type IExecuteFunctions } from 'n8n-workflow';

import { siteAuthFromFields, type MediaError, type SiteAuth } from '../../lib';

/** The optional Media Site credential as the library's SiteAuth; empty when none is selected. */
export async function getSiteAuth(ctx: IExecuteFunctions): Promise<SiteAuth> {
	let data: ICredentialDataDecryptedObject;
	try {
		data = await ctx.getCredentials('mediaSiteAuth');
	} catch {
		// No credential selected: public media needs none.
		return {};
	}
	try {
		return siteAuthFromFields(data);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `Media Site credential: ${(error as Error).message}`, { description: (error as MediaError).hint });
	}
}
