'use strict';
/**
 * n8n's own HTTP helper, outside n8n: `httpRequest` of `@n8n/backend-network` in the pinned n8n 2.40.7 (the cached
 * runtime, scripts/lib/runtime.js), which is what `this.helpers.httpRequestWithAuthentication` calls once it has
 * added the credential (n8n-core request-helpers/authentication.js). Axios underneath; with `json: true` it parses
 * every answer.
 */
const path = require('node:path');

const { cacheRoot } = require('../../scripts/lib/runtime');

const N8N_DIR = path.join(cacheRoot(), 'n8n-2.40.7');

function loadHelper() {
	// The package exports only its index; the helper's own file is reached by path (it is not re-exported).
	const index = require.resolve('@n8n/backend-network', {
		paths: [path.join(N8N_DIR, 'node_modules', 'n8n')],
	});
	return require(path.join(path.dirname(index), 'http', 'axios', 'request.js')).httpRequest;
}

let helper = null;

/** One request as the CRM session sends it (nodes/shared/crm/session.ts), through n8n's helper. */
function n8nHttpRequest(request) {
	helper ??= loadHelper();
	return helper(request, undefined);
}

module.exports = { n8nHttpRequest, N8N_DIR };
