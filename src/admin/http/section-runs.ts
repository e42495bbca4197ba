/** Section 3: the last full sweep, the catch-ups and the webhook deliveries, from memory. */
import type { SweepOutcome } from '../../jobs/index.ts';
import type { DeliveriesSummary, RunRecord, RunsSection } from '../admin-model.ts';
import { DONE_OUTCOME, formatDuration, formatInstant, MODE } from './format.ts';
import { html, type HtmlFragment } from './html.ts';
import { table } from './parts.ts';

/** Outcomes worth listing issue by issue (the rest are counted). */
const LISTED: SweepOutcome[] = [
  'closed',
  'reopened',
  'blocked',
  'failed',
  'reminded',
  'moved-to-analysts',
  'moved',
  'deferred',
];

function counts(record: Record<string, number>, words: Record<string, string>): HtmlFragment {
  const entries = Object.entries(record).filter(([, n]) => n > 0);
  if (entries.length === 0) return html`<p>Nenhum chamado.</p>`;
  return html`<ul class="counts">
    ${entries.map(([k, n]) => html`<li><strong>${n}</strong> ${words[k] ?? k}</li>`)}
  </ul>`;
}

function run(record: RunRecord): HtmlFragment {
  const issues = record.issues.filter((i) => LISTED.includes(i.outcome));
  const calls = record.jiraCalls;
  return html`<article class="run" data-mode="${record.mode}">
    <h3>${MODE[record.mode]} em ${formatInstant(record.startedAt)}</h3>
    <p>
      Duração: ${formatDuration(record.durationMs)}. Chamadas ao Jira:
      ${calls.total}${calls.retries > 0 ? ` (${calls.retries} novas tentativas)` : ''}. Escritas:
      ${record.writes}.
    </p>
    ${record.stoppedEarly ? html`<p class="error">Parou antes do fim: ${record.stoppedEarly}</p>` : ''}
    ${record.failedProjects.map((f) => html`<p class="error">Projeto ${f.project} não lido: ${f.reason}</p>`)}
    ${counts(record.counts, DONE_OUTCOME)}
    ${
      issues.length > 0
        ? table(
            'Chamados tratados nesta execução',
            ['Chave', 'Resultado', 'Motivo', 'Ações'],
            issues.map(
              (i) =>
                html`<tr>
                  <th scope="row">${i.issue}</th>
                  <td>${DONE_OUTCOME[i.outcome] ?? i.outcome}</td>
                  <td>${i.reason}</td>
                  <td>${i.actions.join('; ')}</td>
                </tr>`,
            ),
          )
        : ''
    }
  </article>`;
}

const DELIVERY: Record<string, string> = {
  processed: 'processadas',
  ignored: 'ignoradas',
  rejected: 'rejeitadas',
  failed: 'falharam',
  duplicate: 'duplicadas',
};

function deliveries(summary: DeliveriesSummary): HtmlFragment {
  const failures = summary.lastFailures;
  return html`<h3>Webhooks recebidos desde ${formatInstant(summary.since)}</h3>
    ${counts(summary.byOutcome, DELIVERY)}
    ${
      failures.length > 0
        ? table(
            'Últimas falhas de entrega',
            ['Quando', 'Evento', 'Resultado', 'HTTP', 'Chamado', 'Motivo'],
            failures.map(
              (f) =>
                html`<tr>
                  <td>${formatInstant(f.at)}</td>
                  <td>${f.event ?? '—'}</td>
                  <td>${DELIVERY[f.outcome] ?? f.outcome}</td>
                  <td class="num">${f.status}</td>
                  <td>${f.issue ?? '—'}</td>
                  <td>${f.reason ?? ''}</td>
                </tr>`,
            ),
          )
        : html`<p>Nenhuma falha de entrega.</p>`
    }`;
}

export function renderRuns(data: RunsSection): HtmlFragment {
  const none = !data.lastFull && data.catchUps.length === 0;
  return html`${
    none
      ? html`<p class="empty">
          Nenhuma execução desde que o serviço iniciou em ${formatInstant(data.serviceStartedAt)}.
        </p>`
      : html`${data.lastFull ? run(data.lastFull) : html`<p>Nenhuma varredura completa desde que o serviço iniciou em ${formatInstant(data.serviceStartedAt)}.</p>`}
        ${data.catchUps.map(run)}`
  }
  ${deliveries(data.deliveries)}`;
}
