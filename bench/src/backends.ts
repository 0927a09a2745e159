// The omni-sniffer backends, loaded by name. One that cannot load is reported, never hidden.
import { BACKENDS, BACKEND_NAMES, type BackendModule, type BackendName } from '@omni-sniffer/types';

export async function loadBackends(): Promise<{ loaded: Map<BackendName, BackendModule>; failed: Map<BackendName, string> }> {
  const loaded = new Map<BackendName, BackendModule>();
  const failed = new Map<BackendName, string>();
  for (const name of BACKEND_NAMES) {
    try {
      loaded.set(name, (await import(BACKENDS[name])) as BackendModule);
    } catch (e) {
      failed.set(name, e instanceof Error ? e.message.split('\n')[0]! : String(e));
    }
  }
  return { loaded, failed };
}
