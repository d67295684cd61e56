import { isRecord } from '../../util/record.js';
import { parseJson, type AuditFormatAdapter } from './adapter.js';
import { fromKubeEvent } from './kube-apiserver.js';

/**
 * Splunk search results exported from the UI or the REST API: the indexed event as text in `_raw`,
 * under `result` in JSON lines (`{"preview":false,"result":{…}}`), under `results[]` in one JSON
 * document, or as a CSV column.
 */
export const splunk: AuditFormatAdapter = {
  name: 'splunk',
  doc: 'Splunk search exports: JSON lines {"result":{"_raw":"{event}"}}, a JSON document with results[], or CSV with a _raw column',
  wrapperKeys: ['results'],
  csvColumns: ['_raw'],
  markers: ['_raw'],
  read(record) {
    const result = isRecord(record.result) ? record.result : record;
    return typeof result._raw === 'string' ? fromKubeEvent(parseJson(result._raw)) : undefined;
  },
};
