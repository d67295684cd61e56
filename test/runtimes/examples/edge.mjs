// An edge function (Cloudflare Workers / workerd module syntax): POST a manifest to /, or an audit log
// (plain or gzip) to /audit, and get the findings back as JSON.
import { analyseManifest, collectAuditLog } from './jobsentinel-core.js';

export default {
  async fetch(request) {
    if (request.method !== 'POST') return new Response('POST a manifest to /?file=name.yaml, or an audit log to /audit\n', { status: 405 });
    const url = new URL(request.url);
    if (url.pathname === '/audit') {
      const body = request.body ?? new Blob([]).stream();
      const { matches, summary, problems, formats } = await collectAuditLog(body, { source: url.searchParams.get('file') });
      return Response.json({ matches, summary, problems, formats: [...formats] });
    }
    const fileName = url.searchParams.get('file') ?? 'manifest.yaml';
    return Response.json(analyseManifest(await request.text(), fileName));
  },
};
