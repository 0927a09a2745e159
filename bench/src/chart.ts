// The chart README shows (results/chart.svg): on each fixture, the speed-up over `git status`
// spawned from Node of the calls README quotes (napi, sync) and of what a user would use instead,
// as bars from 1× on a log axis, each with the spread of its calls. Self-contained (no fonts or
// scripts to fetch) and laid out for Verdana / DejaVu Sans, the widest of the usual sans-serif
// fonts, so that a narrower one only leaves more room.
import type { Timing } from './measure.js';
import { GIT_SPAWNED, GIT_SPAWNED_ONE_CHANGE, ms, type FixtureResult, type RunResult } from './report.js';

type Row = FixtureResult['timings'][number];

/** README quotes napi's sync calls: the chart shows the same calls, so that the two tell one story. */
const BACKEND = 'napi';

/** The index writers of results written before each timing carried Contender['writesIndex']. */
const WROTE_INDEX_BEFORE_THE_FLAG = new Set(['simple-git status()', 'isomorphic-git statusMatrix']);

const WIDTH = 1000;
const MARGIN = 14;
/** Right edge of the contender names. */
const NAME_RIGHT = 192;
/** Room between the names and the axis for the label of a bar that ends near the axis's low end. */
const PLOT_LEFT = 238;
/** Room right of the axis for the label of a bar that ends near its high end. */
const PLOT_RIGHT = WIDTH - 56;
/** Between the outermost bar or whisker end and the axis's ends. */
const PLOT_PAD = 12;
/** Least room between two tick labels. */
const TICK_GAP = 4;
const ROW = 19;
const BAR = 11;
const FONT = 11;
/** Average advances in ems, a little over DejaVu Sans's (Verdana's are alike): labels (digits, ×: 0.58), prose (0.52). */
const LABEL_EM = 0.6;
const PROSE_EM = 0.56;
const ONE_LINE = '#c62828';
const WHISKER = '#212121';
const MUTED = '#555';

interface Series {
  legend: string;
  colour: string;
}

const SERIES = {
  cold: { legend: `${BACKEND} cold sync: a new sniffer per call`, colour: '#64b5f6' },
  warm: { legend: `${BACKEND} warm sync: a kept sniffer, watching`, colour: '#0d47a1' },
  unwatched: { legend: `${BACKEND} warm sync, no watch: its caches alone`, colour: '#26a69a' },
  oneChange: { legend: `${BACKEND} warm sync, one file edited before each call`, colour: '#8e24aa' },
  reference: { legend: 'ts reference, cold sync: git spawned and parsed', colour: '#ef8f00' },
  other: { legend: 'what a user would pick instead', colour: '#9e9e9e' },
} satisfies Record<string, Series>;

/** Our rows, in the chart's order; every other charted row is an alternative. */
const OURS = new Map<string, Series>([
  [`${BACKEND} cold sync`, SERIES.cold],
  [`${BACKEND} warm sync`, SERIES.warm],
  [`${BACKEND} warm sync, no watch`, SERIES.unwatched],
  [`${BACKEND} warm sync, one change`, SERIES.oneChange],
  ['ts cold sync', SERIES.reference],
]);

function seriesOf(t: Timing): Series | undefined {
  const isGit = t.name === GIT_SPAWNED || t.name === GIT_SPAWNED_ONE_CHANGE;
  // The chart is the default snapshot's: the all-options rows are the table's alone.
  return OURS.get(t.name) ?? (t.kind === 'alternative' && !isGit && !t.allOptions ? SERIES.other : undefined);
}

interface Bar {
  row: Row;
  series: Series;
  /** Over the git row of the same kind (after one change for a one-change row); none when not timed. */
  ratio?: number;
  spread?: [number, number];
  writesIndex: boolean;
}

/**
 * The speed-up with both medians moved one MAD (median absolute deviation of the calls) against
 * the contender and for it: how much single calls vary, not how sure the median is. A MAD is at
 * most its median; one equal to it (a degenerate sample) has no spread to show.
 */
function spread(reference: Timing | undefined, t: Timing): [number, number] | undefined {
  const [g, dg, c, dc] = [reference?.medianMs, reference?.madMs, t.medianMs, t.madMs];
  if (g === undefined || dg === undefined || c === undefined || dc === undefined || dg >= g || dc >= c) return undefined;
  return [(g - dg) / (c + dc), (g + dg) / (c - dc)];
}

/** The rows of a fixture the chart shows, ours first; a contender left out of the fixture has none. */
function barsOf(f: FixtureResult): Bar[] {
  const order = [...OURS.keys()];
  const rank = (t: Row) => (order.includes(t.name) ? order.indexOf(t.name) : order.length);
  const shown = f.timings.filter((t) => t.status !== 'left out' && seriesOf(t)).sort((a, b) => rank(a) - rank(b));
  return shown.map((row) => {
    const reference = f.timings.find((r) => r.name === (row.oneChange ? GIT_SPAWNED_ONE_CHANGE : GIT_SPAWNED));
    const timed = row.status === 'timed' && row.vsGit !== undefined;
    return {
      row,
      series: seriesOf(row)!,
      ratio: timed ? row.vsGit : undefined,
      spread: timed ? spread(reference, row) : undefined,
      writesIndex: row.writesIndex ?? WROTE_INDEX_BEFORE_THE_FLAG.has(row.name),
    };
  });
}

const px = (v: number) => v.toFixed(2);
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const grouped = (v: number) => String(Math.round(v)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const textWidth = (s: string, size: number, em = LABEL_EM) => s.length * size * em;

/** An axis tick: `0.5×`, `2×`, `1,000×`. */
const tickLabel = (v: number) => `${v < 1 ? String(v) : grouped(v)}×`;
/** A bar's figure, as README writes it: `0.27×`, `5.5×`, `4,004×`. */
const ratioLabel = (v: number) => `${v >= 10 ? grouped(v) : v.toFixed(v >= 1 ? 1 : 2)}×`;

function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${px(x)}" y="${px(y)}"${attrs ? ` ${attrs}` : ''}>${esc(content)}</text>`;
}

function line(x1: number, y1: number, x2: number, y2: number, attrs: string): string {
  return `<line x1="${px(x1)}" y1="${px(y1)}" x2="${px(x2)}" y2="${px(y2)}" ${attrs}/>`;
}

/** Splits `s` into lines no wider than `width` at `size`. */
function wrap(s: string, width: number, size: number): string[] {
  const lines: string[] = [];
  for (const word of s.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && textWidth(`${last} ${word}`, size, PROSE_EM) <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

interface Axis {
  ticks: number[];
  labelled: number[];
  at(v: number): number;
}

const isPowerOfTen = (v: number) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9;

/** 1, 2 and 5 times the powers of ten, from a decade below `lo` to a decade above `hi`. */
function oneTwoFive(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)) - 1; e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) out.push(Number((m * 10 ** e).toPrecision(1)));
  }
  return out;
}

/** The powers of ten, then each 2 and 5 whose label keeps its distance from those already placed. */
function ticksToLabel(ticks: number[], at: (v: number) => number): number[] {
  const span = (v: number): [number, number] => {
    const half = textWidth(tickLabel(v), 10) / 2;
    return [at(v) - half, at(v) + half];
  };
  const apart = ([a, b]: [number, number], [c, d]: [number, number]) => b + TICK_GAP <= c || d + TICK_GAP <= a;
  const chosen = ticks.filter(isPowerOfTen);
  for (const v of ticks.filter((t) => !isPowerOfTen(t))) {
    if (chosen.every((u) => apart(span(u), span(v)))) chosen.push(v);
  }
  return chosen.sort((a, b) => a - b);
}

/**
 * One axis for every panel, so that bars compare across fixtures: from the lowest bar or whisker
 * end (or 1×) to the highest, with the 1-2-5 ticks between.
 */
function axisFor(bars: Bar[]): Axis {
  const values = [1, ...bars.flatMap((b) => [b.ratio, ...(b.spread ?? [])].filter((v): v is number => v !== undefined))];
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  const perDecade = (PLOT_RIGHT - PLOT_LEFT - 2 * PLOT_PAD) / Math.log10(hi / lo);
  const at = (v: number) => PLOT_LEFT + PLOT_PAD + Math.log10(v / lo) * perDecade;
  const ticks = oneTwoFive(lo, hi).filter((v) => at(v) >= PLOT_LEFT && at(v) <= PLOT_RIGHT);
  return { ticks, labelled: ticksToLabel(ticks, at), at };
}

function header(run: RunResult): { parts: string[]; bottom: number } {
  const m = run.machine;
  const when = `${run.date.slice(0, 10)} ${run.date.slice(11, 16)} UTC`;
  const title = `Speed-up over git status spawned from Node: omni-sniffer's ${BACKEND} sync calls and the alternatives`;
  const machine = `pnpm bench${run.quick ? ' --quick (few samples)' : ''}, ${when}, on ${m.cpu} (${m.cores} cores), ${m.os}; Node ${m.node}, ${m.git}`;
  const how = "Each bar: git status's median time per call over the contender's, measured side by side in the same run, on a log scale from 1×.";
  return {
    parts: [
      text(MARGIN, 26, title, 'font-size="15" font-weight="bold"'),
      text(MARGIN, 46, machine, `fill="${MUTED}"`),
      text(MARGIN, 62, how, `fill="${MUTED}"`),
    ],
    bottom: 62,
  };
}

function legend(top: number): { parts: string[]; bottom: number } {
  const swatches = Object.values(SERIES).map((s) => ({
    mark: (x: number, cy: number) => `<rect class="legend-swatch" x="${px(x)}" y="${px(cy - 6)}" width="12" height="12" fill="${s.colour}"/>`,
    label: s.legend,
  }));
  const entries = [
    ...swatches,
    {
      mark: (x: number, cy: number) =>
        [line(x, cy, x + 12, cy, `stroke="${WHISKER}"`), line(x, cy - 4, x, cy + 4, `stroke="${WHISKER}"`), line(x + 12, cy - 4, x + 12, cy + 4, `stroke="${WHISKER}"`)].join(''),
      label: 'whisker: how much single calls vary (note below)',
    },
    { mark: (x: number, cy: number) => line(x + 6, cy - 7, x + 6, cy + 7, `stroke="${ONE_LINE}" stroke-width="2"`), label: '1×: as fast as git status; left of it, slower' },
  ];
  const rows = Math.ceil(entries.length / 2);
  const parts = entries.map((e, i) => {
    const x = MARGIN + (i < rows ? 0 : (WIDTH - 2 * MARGIN) / 2);
    const cy = top + 10 + (i % rows) * 17;
    return `${e.mark(x, cy)}${text(x + 18, cy + 4, e.label, 'class="legend"')}`;
  });
  return { parts, bottom: top + rows * 17 + 4 };
}

/** A bar's figure goes past the bar and its whisker, on the side the bar points to. */
function valueLabel(ratio: number, [lo, hi]: [number, number], axis: Axis, cy: number): string {
  return ratio >= 1
    ? text(Math.max(axis.at(ratio), axis.at(hi)) + 5, cy + 4, ratioLabel(ratio), 'class="value"')
    : text(Math.min(axis.at(ratio), axis.at(lo)) - 5, cy + 4, ratioLabel(ratio), 'class="value" text-anchor="end"');
}

/** Said in place of a bar. */
function noBar(row: Row): string {
  if (row.status === 'timed') return 'no bar: git status was not timed here';
  return row.status === 'disagrees' ? 'disagrees with git, not timed' : 'failed, not timed';
}

function barRow(b: Bar, f: string, axis: Axis, cy: number): string[] {
  const name = `${b.row.name}${b.writesIndex ? ' †' : ''}`;
  const parts = [text(NAME_RIGHT, cy + 4, name, 'class="name" text-anchor="end"')];
  if (b.ratio === undefined) return [...parts, text(axis.at(1) + 6, cy + 4, noBar(b.row), `font-style="italic" fill="${MUTED}"`)];
  const [one, end] = [axis.at(1), axis.at(b.ratio)];
  parts.push(
    `<rect class="bar" data-fixture="${esc(f)}" data-contender="${esc(b.row.name)}" data-ratio="${b.ratio}" x="${px(Math.min(one, end))}" y="${px(cy - BAR / 2)}" width="${px(Math.abs(end - one))}" height="${BAR}" fill="${b.series.colour}"/>`,
  );
  if (b.spread) {
    const [lo, hi] = b.spread.map(axis.at) as [number, number];
    parts.push(
      `<g class="whisker" data-fixture="${esc(f)}" data-contender="${esc(b.row.name)}" data-low="${b.spread[0]}" data-high="${b.spread[1]}" stroke="${WHISKER}" stroke-width="1.2">`,
      line(lo, cy, hi, cy, ''),
      line(lo, cy - 4, lo, cy + 4, ''),
      line(hi, cy - 4, hi, cy + 4, ''),
      '</g>',
    );
  }
  return [...parts, valueLabel(b.ratio, b.spread ?? [b.ratio, b.ratio], axis, cy)];
}

function axisUnder(axis: Axis, y: number): string[] {
  return [
    line(PLOT_LEFT, y, PLOT_RIGHT, y, `stroke="${MUTED}"`),
    ...axis.ticks.map((v) => line(axis.at(v), y, axis.at(v), y + 4, `stroke="${MUTED}"`)),
    ...axis.labelled.map((v) => text(axis.at(v), y + 15, tickLabel(v), `class="tick" data-value="${v}" text-anchor="middle" font-size="10" fill="${MUTED}"`)),
  ];
}

function panel(f: FixtureResult, bars: Bar[], axis: Axis, top: number): { parts: string[]; bottom: number } {
  const git = f.timings.find((t) => t.name === GIT_SPAWNED);
  const gitAfterChange = f.timings.find((t) => t.name === GIT_SPAWNED_ONE_CHANGE);
  const times = [
    ...(git?.medianMs ? [`${ms(git.medianMs)} ms a call`] : []),
    ...(gitAfterChange?.medianMs ? [`${ms(gitAfterChange.medianMs)} ms after one change`] : []),
  ];
  const rowsTop = top + 24;
  const rowsBottom = rowsTop + bars.length * ROW;
  const grid = axis.ticks.map((v) => line(axis.at(v), rowsTop, axis.at(v), rowsBottom, `stroke="${isPowerOfTen(v) ? '#cfcfcf' : '#ececec'}"`));
  return {
    parts: [
      `<text class="panel" x="${MARGIN}" y="${px(top + 14)}"><tspan font-size="13" font-weight="bold">${esc(f.fixture)}</tspan><tspan dx="8" fill="${MUTED}">git status (spawned): ${esc(times.join(', '))}</tspan></text>`,
      ...grid,
      ...bars.flatMap((b, i) => barRow(b, f.fixture, axis, rowsTop + i * ROW + ROW / 2)),
      line(axis.at(1), rowsTop - 3, axis.at(1), rowsBottom + 4, `class="one" stroke="${ONE_LINE}" stroke-width="1.5"`),
      ...axisUnder(axis, rowsBottom + 4),
    ],
    bottom: rowsBottom + 30,
  };
}

function notes(top: number, writers: boolean): { parts: string[]; bottom: number } {
  const paragraphs = [
    {
      kind: 'caption',
      text: "Bars start at 1×, where a contender is as fast as git; a bar to the left of the red line is slower than git. A one-change row is over git status timed after the same edit. Whiskers: the speed-up with both medians moved by one MAD (the median absolute deviation of each one's calls), from (git − MAD) / (contender + MAD) to (git + MAD) / (contender − MAD): how much single calls vary, not the uncertainty of the median.",
    },
    ...(writers
      ? [
          {
            kind: 'footnote',
            text: "† Writes the repository's index, as no read-only tool may: only its first call sees the stale index, and every later call finds the index it refreshed. On the stat-dirty fixtures (medium-stale, medium-copied) its speed comes from that refresh.",
          },
        ]
      : []),
  ];
  const parts: string[] = [];
  let y = top;
  for (const p of paragraphs) {
    for (const l of wrap(p.text, WIDTH - 2 * MARGIN, FONT)) parts.push(text(MARGIN, (y += 15), l, `class="${p.kind}"`));
    y += 4;
  }
  return { parts, bottom: y };
}

/** The chart of one run: a panel per fixture, one log axis for all, a legend and the notes that say what bars and whiskers mean. */
export function svgChart(run: RunResult): string {
  const panels = run.fixtures.map((f) => ({ f, bars: barsOf(f) }));
  const axis = axisFor(panels.flatMap((p) => p.bars));
  const sections = [header(run)];
  sections.push(legend(sections.at(-1)!.bottom + 8));
  for (const { f, bars } of panels) sections.push(panel(f, bars, axis, sections.at(-1)!.bottom + 10));
  sections.push(notes(sections.at(-1)!.bottom, panels.some((p) => p.bars.some((b) => b.writesIndex))));
  const height = Math.ceil(sections.at(-1)!.bottom + MARGIN);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Verdana, DejaVu Sans, sans-serif" font-size="${FONT}" fill="#212121">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...sections.flatMap((s) => s.parts),
    '</svg>',
    '',
  ].join('\n');
}
