// `prepack` of every package but the root: the repository's one LICENSE, copied into the package
// being packed (npm ships a package's own LICENSE file), so that no second copy is kept in git.
import fs from 'node:fs';

fs.copyFileSync(new URL('../LICENSE', import.meta.url), 'LICENSE');
