// A module Web Worker: analysis off the main thread. Post it a File (from an <input> or a drop).
import { analyseManifest } from './jobsentinel-core.js';

self.onmessage = async ({ data: file }) => {
  self.postMessage(analyseManifest(await file.text(), file.name));
};
