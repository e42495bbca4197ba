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

/**
 * The dry run's decision: the outcome, the pt-BR explanation and steps, and the rules' English
 * reason and action summaries under "detalhe técnico" (what the logs and `sweep --json` say).
 * Data without the pt-BR fields (an older cached snapshot) shows the English as before.
 */
export function decisionCell(decision: PlannedDecision): HtmlFragment {
  const steps = decision.steps ?? decision.actions;
  const translated = decision.explanation !== undefined;
  return html`<strong>${PLANNED_OUTCOME[decision.outcome] ?? decision.outcome}</strong>
    <span class="reason" title="${decision.reason}"
      >${decision.explanation ?? decision.reason}</span
    >
    ${
      steps.length > 0
        ? html`<ul class="actions">
            ${steps.map((a) => html`<li>${a}</li>`)}
          </ul>`
        : ''
    }
    ${translated ? technicalDetail(decision) : ''}`;
}

function technicalDetail(decision: PlannedDecision): HtmlFragment {
  return html`<details class="technical">
    <summary>detalhe técnico</summary>
    <p>${decision.code ? html`<code>${decision.code}</code>: ` : ''}${decision.reason}</p>
    ${
      decision.actions.length > 0
        ? html`<ul>
            ${decision.actions.map((a) => html`<li>${a}</li>`)}
          </ul>`
        : ''
    }
  </details>`;
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
