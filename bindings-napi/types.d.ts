// The snapshot contract of SPEC.md as TypeScript types: written once, in the reference package,
// and shared by every backend. The core's values cross into JavaScript through serde, not
// napi's derive, so napi cannot generate them.
export type * from '@omni-sniffer/ts-reference';
