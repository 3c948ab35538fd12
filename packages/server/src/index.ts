/** @catena/server — the HTTP API and the dashboard's server. */
export { buildServer, startServer, defaultWebRoot, type ServerOptions, type StartOptions, type CatenaServer } from './app.js';
export { MemoryBackend, Tables, SAMPLE_ID, entryOf, type TableBackend, type TableEntry } from './store.js';
export { HttpError } from './errors.js';
export { checkBind, isLoopback } from './security.js';
export { confinePath, listDataFiles } from './paths.js';
export { openApiDocument } from './openapi.js';
export { profileView, flowsView, smileView } from './views/views.js';
export { fitQuadratic } from './views/fit.js';
export { WorkspaceBackend } from './workspace.js';
