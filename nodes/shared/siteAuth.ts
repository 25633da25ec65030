import { NodeOperationError, type ICredentialDataDecryptedObject, type IExecuteFunctions, type ITriggerFunctions } from 'n8n-workflow';

import { siteAuthFromFields, type MediaError, type SiteAuth } from '../../lib';

/**
 * The Media Site credential as the library's SiteAuth: empty when Authentication is None (n8n then does not
 * hand the credential out) or, on version 1 nodes, when none is selected; an error when "Media Site Account"
 * is chosen without one.
 */
export async function getSiteAuth(ctx: IExecuteFunctions | ITriggerFunctions): Promise<SiteAuth> {
	const node = ctx.getNode();
	let data: ICredentialDataDecryptedObject;
	try {
		data = await ctx.getCredentials('mediaSiteAuth');
	} catch {
		if (node.typeVersion >= 1.1 && node.parameters.authentication === 'mediaSiteAuth')
			throw new NodeOperationError(node, 'Authentication is "Media Site Account", but no Media Site credential is selected', {
				description: 'Select or create a Media Site credential, or set Authentication to None.',
			});
		return {};
	}
	try {
		return siteAuthFromFields(data);
	} catch (error) {
		throw new NodeOperationError(node, `Media Site credential: ${(error as Error).message}`, { description: (error as MediaError).hint });
	}
}
