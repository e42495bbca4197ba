/**
 * "Se resolvido em … encerra em …": a plain GET form answered server-side (works without
 * script); admin.js may answer it in place from /admin/api/deadline instead.
 */
import type { DeadlineAnswer } from '../admin-model.ts';
import { formatDate, formatInstant } from './format.ts';
import { html, type HtmlFragment } from './html.ts';
import type { Loaded } from './parts.ts';

export interface CalculatorState {
  project: string;
  from: string;
  answer?: Loaded<DeadlineAnswer>;
}

export function answerText(answer: DeadlineAnswer): HtmlFragment {
  const skipped = answer.skipped.map((s) => html`<li>${formatDate(s.date)}: ${s.name}</li>`);
  return html`<p class="answer">
      Se resolvido em <strong>${formatInstant(answer.from)}</strong>, encerra em
      <strong data-closes-at="${answer.closesAt}">${formatInstant(answer.closesAt)}</strong> (último
      dia útil: ${formatDate(answer.lastBusinessDay)}; ${answer.days} dias úteis a partir de
      ${formatDate(answer.startDate)}).
    </p>
    ${
      skipped.length > 0
        ? html`<p>Dias pulados:</p>
            <ul class="skipped">
              ${skipped}
            </ul>`
        : ''
    }`;
}

export function renderCalculator(
  base: string,
  projects: string[],
  state: CalculatorState,
): HtmlFragment {
  const answer = state.answer;
  return html`<form
    class="calculator"
    method="get"
    action="${base}#calendario"
    data-api="${base}/api/deadline"
  >
    <h3>Calculadora de prazo</h3>
    <label
      >Projeto
      <select name="calc_project">
        ${projects.map((p) => html`<option value="${p}" ${p === state.project ? html` selected` : ''}>${p}</option>`)}
      </select></label
    >
    <label
      >Se resolvido em <input type="datetime-local" name="calc_from" value="${state.from}" required
    /></label>
    <button type="submit">Calcular</button>
    <div class="calc-result" aria-live="polite">
      ${
        answer === undefined
          ? ''
          : answer.ok
            ? answerText(answer.value)
            : html`<p class="error" role="alert">${answer.message}</p>`
      }
    </div>
  </form>`;
}
