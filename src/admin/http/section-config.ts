/** Section 5: the projects as loaded, the schedules and the doctor's last checklist. */
import type { ConfigSection } from '../admin-model.ts';
import { formatInstant, MODE } from './format.ts';
import { html, type HtmlFragment } from './html.ts';
import { table } from './parts.ts';

function doctor(data: NonNullable<ConfigSection['doctor']>): HtmlFragment {
  const mark = (c: { ok: boolean; severity: string }) =>
    c.ok
      ? html`<span class="mark ok" aria-label="ok">✓ ok</span>`
      : c.severity === 'warning'
        ? html`<span class="mark warn" aria-label="aviso">! aviso</span>`
        : html`<span class="mark fail" aria-label="falha">✗ falha</span>`;
  return html`<h3>Diagnóstico (doctor) de ${formatInstant(data.checkedAt)}</h3>
    <p class="${data.ok ? 'ok' : 'error'}">${data.summary}</p>
    ${table(
      'Verificações do diagnóstico',
      ['', 'Verificação', 'Detalhe', 'Como corrigir'],
      data.checks.map(
        (c) =>
          html`<tr class="check ${c.ok ? 'ok' : c.severity}">
            <td>${mark(c)}</td>
            <th scope="row">${c.name}</th>
            <td>${c.detail}</td>
            <td>${c.ok ? '' : c.fix}</td>
          </tr>`,
      ),
    )}`;
}

export function renderConfig(data: ConfigSection): HtmlFragment {
  const s = data.schedules;
  return html`<p>
      Arquivo: <code>${data.configFile}</code>. Jira:
      <code>${data.jira.site}</code>${data.jira.embeddedSandbox ? ' (sandbox embutido)' : ''}.
    </p>
    ${table(
      'Projetos carregados',
      ['Projeto', 'Status', 'Dias úteis', 'Lembrete', 'Calendário', 'Devolve ao analista'],
      data.projects.map(
        (p) =>
          html`<tr>
            <th scope="row">${p.key}</th>
            <td>${Object.entries(p.statuses).map(([k, v]) => html`<div>${k}: ${v}</div>`)}</td>
            <td class="num">${p.businessDays}</td>
            <td>
              ${p.reminder.enabled ? `${p.reminder.businessDaysBefore} dia(s) útil(eis) antes` : 'desativado'}
            </td>
            <td>${p.calendar.region} (${p.calendar.types.join(', ')}), ${p.calendar.timeZone}</td>
            <td>${p.assignBackToAnalyst ? 'sim' : 'não'}</td>
          </tr>`,
      ),
    )}
    <h3>Agendamentos (${s.timeZone})</h3>
    <p>
      Agendador ${s.scheduler ? 'ligado' : 'desligado'}; no máximo ${s.maxWritesPerRun} escritas por
      execução.
    </p>
    ${table(
      'Execuções agendadas',
      ['Execução', 'Cron', 'Próxima'],
      s.runs.map(
        (r) =>
          html`<tr>
            <th scope="row">${MODE[r.mode]}</th>
            <td><code>${r.cron}</code></td>
            <td>${formatInstant(r.nextRun)}</td>
          </tr>`,
      ),
    )}
    ${data.doctor ? doctor(data.doctor) : html`<p>O diagnóstico (doctor) ainda não rodou.</p>`}`;
}
