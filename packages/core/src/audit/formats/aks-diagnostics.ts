import { isRecord } from '../../util/record.js';
import { parseJson, type AuditFormatAdapter } from './adapter.js';
import { fromKubeEvent } from './kube-apiserver.js';

/** An AKS diagnostic-settings record (storage account or Event Hubs): the event as JSON text in `properties.log`. */
export const aksDiagnostics: AuditFormatAdapter = {
  name: 'aks',
  doc: 'AKS diagnostic settings exports to a storage account or Event Hubs (category kube-audit or kube-audit-admin, the event as JSON text in properties.log; Event Hubs batches under records[])',
  wrapperKeys: ['records'],
  markers: ['kube-audit'],
  read(record) {
    if (!isRecord(record.properties) || typeof record.properties.log !== 'string') return undefined;
    return fromKubeEvent(parseJson(record.properties.log));
  },
};
