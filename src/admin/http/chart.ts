/**
 * The forecast chart: closes per calendar day from today to the 10th business day, one bar per
 * day, days off shaded by kind and named (a <title> per day and a visible label under it).
 */
import type { ForecastChart, ForecastDay } from '../admin-model.ts';
import { DAY_KIND, formatDate, formatDayMonth } from './format.ts';
import { html, type HtmlFragment } from './html.ts';

const COLUMN = 44;
const PLOT = 120;
const TOP = 16;
const AXIS = 40;

function dayLabel(day: ForecastDay): string {
  const base = `${formatDate(day.date)}: ${day.closes} encerramento${day.closes === 1 ? '' : 's'}`;
  return day.dayOff ? `${base} (${DAY_KIND[day.dayOff.kind]}: ${day.dayOff.name})` : base;
}

function shortKind(day: ForecastDay): string {
  if (!day.dayOff) return '';
  if (day.dayOff.kind === 'weekend') return day.dayOff.name.slice(0, 3).toLowerCase() || 'fds';
  return day.dayOff.kind === 'holiday' ? 'feriado' : 'recesso';
}

function column(day: ForecastDay, i: number, max: number): HtmlFragment {
  const x = i * COLUMN;
  const height = max === 0 ? 0 : Math.round((day.closes / max) * PLOT);
  const y = TOP + PLOT - height;
  const kind = day.dayOff ? `day-off day-off-${day.dayOff.kind}` : 'business';
  return html`<g class="day ${kind}" data-date="${day.date}">
    <title>${dayLabel(day)}</title>
    ${day.dayOff ? html`<rect class="shade" x="${x}" y="0" width="${COLUMN}" height="${TOP + PLOT}"></rect>` : ''}
    <rect
      class="bar"
      data-closes="${day.closes}"
      x="${x + 8}"
      y="${y}"
      width="${COLUMN - 16}"
      height="${height}"
    ></rect>
    ${day.closes > 0 ? html`<text class="count" x="${x + COLUMN / 2}" y="${y - 3}">${day.closes}</text>` : ''}
    <text class="axis" x="${x + COLUMN / 2}" y="${TOP + PLOT + 14}"
      >${formatDayMonth(day.date)}</text
    >
    <text class="kind" x="${x + COLUMN / 2}" y="${TOP + PLOT + 28}">${shortKind(day)}</text>
  </g>`;
}

export function renderChart(chart: ForecastChart): HtmlFragment {
  const max = Math.max(0, ...chart.days.map((d) => d.closes));
  const total = chart.days.reduce((sum, d) => sum + d.closes, 0);
  const first = chart.days[0]?.date;
  const last = chart.days.at(-1)?.date;
  const label = `Encerramentos por dia no projeto ${chart.project}, de ${formatDate(first)} a ${formatDate(last)}: ${total} no total`;
  const width = Math.max(COLUMN, chart.days.length * COLUMN);
  const named = chart.days.filter((d) => d.dayOff && d.dayOff.kind !== 'weekend');
  return html`<figure class="chart">
    <figcaption>${chart.project}</figcaption>
    <div class="scroll">
      <svg
        role="img"
        aria-label="${label}"
        viewBox="0 0 ${width} ${TOP + PLOT + AXIS}"
        width="${width}"
        height="${TOP + PLOT + AXIS}"
        xmlns="http://www.w3.org/2000/svg"
      >
        <title>${label}</title>
        ${chart.days.map((day, i) => column(day, i, max))}
      </svg>
    </div>
    ${
      named.length > 0
        ? html`<ul class="chart-days-off">
            ${named.map(
              (d) =>
                html`<li class="day-off-${d.dayOff?.kind}">
                  ${formatDate(d.date)}: ${d.dayOff?.name} (${DAY_KIND[d.dayOff?.kind ?? '']})
                </li>`,
            )}
          </ul>`
        : ''
    }
  </figure>`;
}
