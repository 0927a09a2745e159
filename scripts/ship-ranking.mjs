// build:lib's last step: the package ships the ranking the last benchmark measured
// (bench/results/ranking.json, written by `pnpm bench`) beside the code that reads it. Without one,
// the build still succeeds and `auto` uses its default order (backendInfo().source = 'default').
import fs from 'node:fs';

const measured = new URL('../bench/results/ranking.json', import.meta.url);
const shipped = new URL('../dist/ranking.json', import.meta.url);

fs.rmSync(shipped, { force: true });
if (fs.existsSync(measured)) {
  fs.copyFileSync(measured, shipped);
  console.log('build:lib: shipping bench/results/ranking.json');
} else {
  console.log('build:lib: no bench/results/ranking.json; auto will use the default order napi, neon, ts');
}
