/** Section 4: per project, three month grids (Monday first) and the deadline calculator. */
import type { CalendarDay, CalendarSection, ProjectCalendarView } from '../admin-model.ts';
import { DAY_KIND, formatMonth, SCOPE, WEEKDAYS, weekdayIndex } from './format.ts';
import { html, type HtmlFragment } from './html.ts';

function dayName(day: CalendarDay): string {
  if (!day.kind) return '';
  const kind =
    day.kind === 'holiday' && day.scope ? `feriado ${SCOPE[day.scope]}` : DAY_KIND[day.kind];
  return day.name ? `${day.name} (${kind})` : (kind ?? '');
}

function cell(day: CalendarDay): HtmlFragment {
  const classes = [
    'day',
    day.business ? 'business' : 'off',
    day.kind ? `kind-${day.kind}` : '',
    day.scope ? `scope-${day.scope}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const name = dayName(day);
  const showName = day.kind && day.kind !== 'weekend';
  return html`<td class="${classes}" data-date="${day.date}" ${name ? html` title="${name}"` : ''}>
    <span class="n">${Number(day.date.slice(8, 10))}</span
    >${showName ? html`<span class="name">${day.name ?? DAY_KIND[day.kind ?? '']}</span>` : ''}
  </td>`;
}

/** Monday-first weeks, padded with blanks before the 1st and after the last day. */
function weeks(days: CalendarDay[]): (CalendarDay | undefined)[][] {
  const first = days[0];
  const cells: (CalendarDay | undefined)[] = [
    ...Array.from({ length: first ? weekdayIndex(first.date) : 0 }, () => undefined),
    ...days,
  ];
  while (cells.length % 7 !== 0) cells.push(undefined);
  return Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7));
}

function month(project: string, m: { month: string; days: CalendarDay[] }): HtmlFragment {
  const blank = html`<td class="blank"></td>`;
  return html`<table class="month" data-month="${m.month}">
    <caption>
      ${formatMonth(m.month)} (${project})
    </caption>
    <thead>
      <tr>
        ${WEEKDAYS.map((w) => html`<th scope="col">${w}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${weeks(m.days).map(
        (week) =>
          html`<tr>
            ${week.map((d) => (d ? cell(d) : blank))}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function named(view: ProjectCalendarView): HtmlFragment {
  const days = view.months.flatMap((m) => m.days).filter((d) => d.kind && d.kind !== 'weekend');
  if (days.length === 0)
    return html`<p>Nenhum feriado, recesso ou dia útil extra nestes meses.</p>`;
  return html`<ul class="named-days">
    ${days.map((d) => html`<li class="kind-${d.kind}">${d.date.slice(8, 10)}/${d.date.slice(5, 7)}: ${dayName(d)}</li>`)}
  </ul>`;
}

const LEGEND = html`<ul class="legend" aria-label="Legenda">
  <li class="kind-weekend">fim de semana</li>
  <li class="kind-holiday">feriado (nacional, estadual ou municipal)</li>
  <li class="kind-closure">recesso da empresa</li>
  <li class="kind-working-day">dia útil extra</li>
</ul>`;

export function renderCalendar(data: CalendarSection): HtmlFragment {
  return html`${LEGEND}
  ${data.projects.map(
    (view) =>
      html`<div class="project-calendar" data-project="${view.project}">
        <h3>
          ${view.project}: ${view.region} (${view.types.join(', ')}), ${view.businessDays} dias
          úteis de validação
        </h3>
        <div class="months">${view.months.map((m) => month(view.project, m))}</div>
        ${named(view)}
      </div>`,
  )}`;
}
