import type { CrmId } from '../model/deal';
import { amoCrmAdapter } from './amocrm/adapter';
import { bitrix24Adapter } from './bitrix24/adapter';
import { demoAdapter } from './demo/adapter';
import { hubSpotAdapter } from './hubspot/adapter';
import { pipedriveAdapter } from './pipedrive/adapter';
import type { CrmAdapter } from './types';

/** Every CRM the package speaks, by the value of the nodes' `crm` parameter. Add a CRM here (see ARCHITECTURE.md). */
const ADAPTERS: Partial<Record<CrmId, CrmAdapter>> = {
	demo: demoAdapter,
	amocrm: amoCrmAdapter,
	bitrix24: bitrix24Adapter,
	hubspot: hubSpotAdapter,
	pipedrive: pipedriveAdapter,
};

export function adapterFor(crm: string): CrmAdapter | undefined {
	return ADAPTERS[crm as CrmId];
}
