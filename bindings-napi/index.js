// The package's entry, written by hand. The loader that napi generates into generated/ (made by
// `pnpm build`) finds this platform's .node file; this file picks the public surface from it.
export { snapshot, snapshotSync, Sniffer, toPromptString, __panicForTests } from './generated/index.js';
