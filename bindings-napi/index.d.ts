// The package's types, written by hand: the functions' signatures are napi's (generated from the
// Rust code), the snapshot's shape is types.d.ts.
export { snapshot, snapshotSync, Sniffer, toPromptString, __panicForTests } from './generated/index.js';
export type * from './types.js';
