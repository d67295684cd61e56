import { isRecord } from '../../util/record.js';
import { parseJson, type AuditFormatAdapter } from './adapter.js';
import { fromKubeEvent } from './kube-apiserver.js';

/**
 * Splunk HTTP Event Collector payloads (`/services/collector/event`), as forwarders (Fluent Bit, Vector,
 * the OpenTelemetry collector) send the audit log to Splunk and as they are kept when captured on the
 * way: `{"time":…,"host":…,"sourcetype":…,"event":{event}}`, the event as an object or as JSON text.
 */
export const splunkHec: AuditFormatAdapter = {
  name: 'splunk-hec',
  doc: 'Splunk HTTP Event Collector payloads: {"time":…,"sourcetype":…,"event":{event}}, one per line, the event as an object or as JSON text',
  markers: ['"event":{', '"event":"{'],
  read(record) {
    const event = record.event;
    if (isRecord(event)) return fromKubeEvent(event);
    return typeof event === 'string' ? fromKubeEvent(parseJson(event)) : undefined;
  },
};
