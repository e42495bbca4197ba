/** Pieces the sections share: the section frame, its error, a table wrapper, the pager. */
import type { Paging, PlannedDecision } from '../admin-model.ts';
import { PLANNED_OUTCOME } from './format.ts';
import { html, type HtmlFragment } from './html.ts';

/** A section's data, or why it could not be read (shown in place of the section's body). */
export type Loaded<T> = { ok: true; value: T } | { ok: false; message: string };

export function section(id: string, title: string, body: HtmlFragment): HtmlFragment {
  return html`<section id="${id}" aria-labelledby="${id}-titulo">
    <h2 id="${id}-titulo">${title}</h2>
    ${body}
  </section>`;
}

export function sectionError(message: string): HtmlFragment {
  return html`<p class="error" role="alert">${message}</p>`;
}

/** Renders the section's body, or its error, so one failing section never fails the page. */
export function bodyOf<T>(loaded: Loaded<T>, render: (value: T) => HtmlFragment): HtmlFragment {
  return loaded.ok ? render(loaded.value) : sectionError(loaded.message);
}

/** Wide tables scroll inside their wrapper on a phone instead of widening the page. */
export function table(caption: string, head: string[], rows: HtmlFragment[]): HtmlFragment {
  return html`<div class="table-wrap">
    <table>
      <caption>
        ${caption}
      </caption>
      <thead>
        <tr>
          ${head.map((h) => html`<th scope="col">${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>`;
}

export function issueLink(issue: string, url: string): HtmlFragment {
  return html`<a href="${url}" target="_blank" rel="noopener noreferrer">${issue}</a>`;
}

export function decisionCell(decision: PlannedDecision): HtmlFragment {
  return html`<strong>${PLANNED_OUTCOME[decision.outcome] ?? decision.outcome}</strong>
    <span class="reason">${decision.reason}</span>
    ${
      decision.actions.length > 0
        ? html`<ul class="actions">
            ${decision.actions.map((a) => html`<li>${a}</li>`)}
          </ul>`
        : ''
    }`;
}

/**
 * Links to the other pages of a list; `href` builds a page's address (the other list's page and
 * the anchor are kept).
 */
export function pager(paging: Paging, href: (page: number) => string): HtmlFragment {
  if (paging.pages <= 1) return html``;
  const link = (page: number, text: string, rel: string) =>
    html`<a href="${href(page)}" rel="${rel}">${text}</a>`;
  return html`<nav class="pager" aria-label="Páginas">
    ${paging.page > 1 ? link(paging.page - 1, '‹ anterior', 'prev') : ''}
    <span>página ${paging.page} de ${paging.pages} (${paging.total} no total)</span>
    ${paging.page < paging.pages ? link(paging.page + 1, 'próxima ›', 'next') : ''}
  </nav>`;
}
