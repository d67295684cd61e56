// An edge function (Cloudflare Workers / workerd module syntax): POST a manifest, get its findings.
import { analyseManifest } from './jobsentinel-core.js';

export default {
  async fetch(request) {
    if (request.method !== 'POST') return new Response('POST a manifest to /?file=name.yaml\n', { status: 405 });
    const fileName = new URL(request.url).searchParams.get('file') ?? 'manifest.yaml';
    return Response.json(analyseManifest(await request.text(), fileName));
  },
};
