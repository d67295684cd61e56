import { parseJson, type AuditFormatAdapter } from './adapter.js';
import { fromKubeEvent } from './kube-apiserver.js';

/**
 * EKS control-plane logs in CloudWatch: the event as JSON text in `message` (`aws logs
 * filter-log-events`, subscriptions) or `@message` (Logs Insights, also its CSV export).
 */
export const eksCloudWatch: AuditFormatAdapter = {
  name: 'eks',
  doc: 'EKS CloudWatch Logs exports: the event as JSON text in message or @message (aws logs filter-log-events or get-log-events documents, subscription batches, Logs Insights results as JSON or CSV)',
  wrapperKeys: ['events', 'logEvents'],
  csvColumns: ['@message'],
  markers: ['@message', '"message":"{'],
  read(record) {
    const message = typeof record.message === 'string' ? record.message : typeof record['@message'] === 'string' ? record['@message'] : undefined;
    return message === undefined ? undefined : fromKubeEvent(parseJson(message));
  },
};
