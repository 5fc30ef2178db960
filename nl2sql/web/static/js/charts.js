// A chart when the result's shape suits one: a time bucket and a number -> a line; a category and a number -> bars;
// one number -> a big figure; anything else (a list of rows) -> no chart: the table says it all.
import { formatTimestamp, formatValue, isUuid } from './format.js';

const MAX_BARS = 40;
const ACCENT = '#2f6fdf';

export function chooseChart(columns, rows, kinds) {
  if (columns.length === 1 && rows.length === 1 && ['number', 'empty'].includes(kinds[0])) {
    return { type: 'figure', label: columns[0], value: rows[0][0] };
  }
  if (columns.length !== 2 || kinds[1] !== 'number' || rows.length === 0) return null;
  // One row per category or bucket (a grouped result); rows that repeat a label are a list, not a series.
  if (new Set(rows.map((row) => JSON.stringify(row[0]))).size !== rows.length) return null;
  const labels = rows.map((row) => (row[0] === null ? '(none)' : formatValue(row[0])));
  const values = rows.map((row) => row[1]);
  const base = { labels, values, labelColumn: columns[0], valueColumn: columns[1] };
  if (kinds[0] === 'time' && rows.length > 1) {
    // On a time axis, so that days (or months) with no rows leave their gap instead of closing it up.
    const times = rows.map((row) => Date.parse(row[0]));
    if (times.every(Number.isFinite)) return { ...base, type: 'line', times };
  }
  if (kinds[0] === 'time') return { ...base, type: 'bar' };
  const categorical = ['text', 'empty'].includes(kinds[0]) || typeof rows[0][0] === 'boolean';
  if (categorical && rows.length <= MAX_BARS && !rows.some((row) => isUuid(row[0]))) return { ...base, type: 'bar' };
  return null;
}

export function describeChart(choice) {
  const shown = choice.labels.slice(0, 12).map((label, i) => `${label}: ${formatValue(choice.values[i])}`);
  const more = choice.labels.length > 12 ? `, and ${choice.labels.length - 12} more` : '';
  const kind = choice.type === 'line' ? 'Line chart' : 'Bar chart';
  return `${kind} of ${choice.valueColumn} by ${choice.labelColumn}: ${shown.join(', ')}${more}.`;
}

export function drawChart(canvas, choice) {
  const Chart = window.Chart;
  if (!Chart) return null;  // the vendored script did not load: the table still shows everything
  const line = choice.type === 'line';
  const labelAt = new Map(line ? choice.times.map((time, i) => [time, choice.labels[i]]) : []);
  const timeLabel = (value) => labelAt.get(value) ?? formatTimestamp(new Date(value).toISOString());
  // Ticks on the buckets themselves (at most about ten), never between them.
  const every = line ? Math.ceil(choice.times.length / 10) : 1;
  const tickTimes = line ? choice.times.filter((_, i) => i % every === 0) : [];
  const x = line
    ? { type: 'linear', min: choice.times[0], max: choice.times[choice.times.length - 1],
      afterBuildTicks: (scale) => { scale.ticks = tickTimes.map((value) => ({ value })); },
      ticks: { callback: timeLabel } }
    : {};
  return new Chart(canvas, {
    type: choice.type,
    data: {
      labels: line ? undefined : choice.labels,
      datasets: [{
        label: choice.valueColumn,
        data: line ? choice.times.map((time, i) => ({ x: time, y: choice.values[i] })) : choice.values,
        backgroundColor: line ? 'rgba(47, 111, 223, 0.12)' : ACCENT,
        borderColor: ACCENT,
        borderWidth: line ? 2 : 0,
        borderRadius: line ? 0 : 4,
        pointRadius: choice.values.length > 60 ? 0 : 3,
        fill: line,
        tension: 0.2,
        cubicInterpolationMode: 'monotone',
        maxBarThickness: 56,
      }],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { title: (items) => (line ? timeLabel(items[0].parsed.x) : items[0].label) } },
      },
      scales: {
        x: { ...x, title: { display: true, text: choice.labelColumn }, grid: { display: false } },
        y: {
          beginAtZero: true,
          title: { display: true, text: choice.valueColumn },
          ticks: { precision: choice.values.every(Number.isInteger) ? 0 : undefined },
        },
      },
    },
  });
}
