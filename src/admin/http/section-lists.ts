/** Sections 1 and 2: the issues in validation (with the charts) and the pending ones. */
import type { ForecastRow, ForecastSection, PendingRow, PendingSection } from '../admin-model.ts';
import { renderChart } from './chart.ts';
import { formatInstant, reminderText } from './format.ts';
import { html, type HtmlFragment } from './html.ts';
import { decisionCell, issueLink, pager, table } from './parts.ts';

export type PageHref = (list: 'forecast' | 'pending', page: number) => string;

function forecastRow(row: ForecastRow): HtmlFragment {
  return html`<tr data-issue="${row.issue}">
    <th scope="row">${issueLink(row.issue, row.url)}</th>
    <td>${row.summary}</td>
    <td>${row.customer ?? '—'}</td>
    <td>${formatInstant(row.enteredAt)}</td>
    <td class="closes">${formatInstant(row.closesAt)}</td>
    <td class="num">${row.businessDaysLeft ?? '—'}</td>
    <td>${reminderText(row.reminder)}</td>
    <td>${decisionCell(row.decision)}</td>
  </tr>`;
}

export function renderForecast(data: ForecastSection, href: PageHref): HtmlFragment {
  const failed = data.failedProjects.map(
    (f) =>
      html`<p class="error" role="alert">
        O projeto ${f.project} não pôde ser lido do Jira: ${f.reason}
      </p>`,
  );
  const head = [
    'Chave',
    'Resumo',
    'Cliente',
    'Entrou em validação',
    'Encerra em',
    'Dias úteis restantes',
    'Lembrete',
    'O que o serviço fará e por quê',
  ];
  const due = data.due > 0 ? html`<p>${dueText(data.due)}</p>` : '';
  return html`${failed}${due}
    <div class="charts">${data.charts.map(renderChart)}</div>
    ${
      data.rows.length === 0
        ? html`<p>Nenhum chamado em validação.</p>`
        : table('Chamados em validação, na ordem de encerramento', head, data.rows.map(forecastRow))
    }
    ${pager(data.paging, (page) => href('forecast', page))}`;
}

function pendingRow(row: PendingRow): HtmlFragment {
  return html`<tr data-issue="${row.issue}">
    <th scope="row">${issueLink(row.issue, row.url)}</th>
    <td>${row.summary}</td>
    <td>${row.customer ?? '—'}</td>
    <td>${formatInstant(row.since)}</td>
    <td class="num">${row.businessDaysWaiting ?? '—'}</td>
    <td>
      ${row.replyWaiting ? html`<strong>sim</strong> <span class="note">(a próxima recuperação corrige)</span>` : 'não'}
    </td>
  </tr>`;
}

export function renderPending(data: PendingSection, href: PageHref): HtmlFragment {
  const head = [
    'Chave',
    'Resumo',
    'Cliente',
    'Desde',
    'Dias úteis',
    'Resposta do cliente aguardando',
  ];
  const waiting =
    data.replyWaiting > 0
      ? html`<p>
          ${data.replyWaiting} com resposta do cliente aguardando: um webhook perdido que a próxima
          recuperação (catch-up) corrige.
        </p>`
      : '';
  return html`${waiting}
  ${
    data.rows.length === 0
      ? html`<p>Nenhum chamado aguardando o cliente.</p>`
      : table(
          'Chamados aguardando o cliente, há mais tempo primeiro',
          head,
          data.rows.map(pendingRow),
        )
  }
  ${pager(data.paging, (page) => href('pending', page))}`;
}

function dueText(due: number): string {
  return due === 1
    ? '1 chamado já passou do prazo: a próxima varredura noturna o encerra.'
    : `${due} chamados já passaram do prazo: a próxima varredura noturna os encerra.`;
}
