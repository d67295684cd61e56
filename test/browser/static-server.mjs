// The browser tests serve their pages with the playground's own static server (one implementation).
export { serveDirectory } from '../../playground/serve.mjs';
