// The omni-sniffer backends, loaded by name. One that cannot load is reported, never hidden.
import type { EnvironmentSnapshot, SnapshotOptions } from '@omni-sniffer/ts-reference';

export const BACKEND_NAMES = ['ts', 'napi', 'neon'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface OmniBackend {
  snapshot(path: string, options?: SnapshotOptions): Promise<EnvironmentSnapshot>;
  snapshotSync(path: string, options?: SnapshotOptions): EnvironmentSnapshot;
  Sniffer: new (path: string, options?: SnapshotOptions) => {
    snapshot(): Promise<EnvironmentSnapshot>;
    snapshotSync(): EnvironmentSnapshot;
  };
}

const PACKAGES: Record<BackendName, string> = {
  ts: '@omni-sniffer/ts-reference',
  napi: '@omni-sniffer/napi',
  neon: '@omni-sniffer/neon',
};

export async function loadBackends(): Promise<{ loaded: Map<BackendName, OmniBackend>; failed: Map<BackendName, string> }> {
  const loaded = new Map<BackendName, OmniBackend>();
  const failed = new Map<BackendName, string>();
  for (const name of BACKEND_NAMES) {
    try {
      loaded.set(name, (await import(PACKAGES[name])) as OmniBackend);
    } catch (e) {
      failed.set(name, e instanceof Error ? e.message.split('\n')[0]! : String(e));
    }
  }
  return { loaded, failed };
}
