'use strict';
/**
 * A `SendRequest` for adapter tests that build a CrmSession by hand: axios with every status passed through,
 * the same contract n8n's httpRequestWithAuthentication gives the node with `ignoreHttpStatusErrors`.
 */
const axios = require('axios');

/**
 * @param {string} baseUrl
 * @param {Record<string, string>} [authHeaders]
 */
function axiosSend(baseUrl, authHeaders = {}) {
	return async (call) => {
		const url = /^https?:\/\//.test(call.url)
			? call.url
			: call.url.startsWith('/')
				? baseUrl.replace(/\/+$/, '') + call.url
				: baseUrl.replace(/\/*$/, '/') + call.url;
		const response = await axios.request({
			method: call.method,
			url,
			params: call.qs,
			data: call.body,
			headers: { Accept: 'application/json', ...authHeaders, ...(call.headers || {}) },
			validateStatus: () => true,
		});
		return { statusCode: response.status, headers: response.headers, body: response.data };
	};
}

module.exports = { axiosSend };
