/** The whole page: head, the nav of anchors, the five sections in order, the footer. */
import type {
  CalendarSection,
  ConfigSection,
  ForecastSection,
  PendingSection,
  RunsSection,
} from '../admin-model.ts';
import { type CalculatorState, renderCalculator } from './calculator.ts';
import { formatInstant } from './format.ts';
import { html, type HtmlFragment } from './html.ts';
import { bodyOf, type Loaded, section } from './parts.ts';
import { renderCalendar } from './section-calendar.ts';
import { renderConfig } from './section-config.ts';
import { type PageHref, renderForecast, renderPending } from './section-lists.ts';
import { renderRuns } from './section-runs.ts';

export interface PageView {
  base: string;
  forecast: Loaded<ForecastSection>;
  pending: Loaded<PendingSection>;
  runs: Loaded<RunsSection>;
  calendar: Loaded<CalendarSection>;
  config: Loaded<ConfigSection>;
  calculator: CalculatorState;
  href: PageHref;
  jiraCalls: number;
  generatedAt: string;
}

const NAV: [string, string][] = [
  ['encerramentos', 'Próximos encerramentos'],
  ['aguardando', 'Aguardando o cliente'],
  ['execucao', 'Última execução'],
  ['calendario', 'Calendário'],
  ['configuracao', 'Configuração'],
];

export function layout(base: string, title: string, body: HtmlFragment): string {
  return html`<!doctype html>
    <html lang="pt-BR">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <link rel="stylesheet" href="${base}/assets/admin.css" />
        <script src="${base}/assets/admin.js" defer></script>
      </head>
      <body>
        ${body}
      </body>
    </html>`.value;
}

function projectsOf(view: PageView): string[] {
  if (view.config.ok) return view.config.value.projects.map((p) => p.key);
  return view.calendar.ok ? view.calendar.value.projects.map((p) => p.project) : [];
}

export function renderPage(view: PageView): string {
  const { base } = view;
  const calls = view.jiraCalls;
  const body = html`<header>
      <h1>Painel do suporte</h1>
      <form method="post" action="${base}/logout" class="logout">
        <button type="submit">Sair</button>
      </form>
      <nav aria-label="Seções">
        <ul>
          ${NAV.map(([id, label]) => html`<li><a href="#${id}">${label}</a></li>`)}
        </ul>
      </nav>
    </header>
    <main>
      ${section(
        'encerramentos',
        'Próximos encerramentos',
        bodyOf(view.forecast, (d) => renderForecast(d, view.href)),
      )}
      ${section(
        'aguardando',
        'Aguardando o cliente',
        bodyOf(view.pending, (d) => renderPending(d, view.href)),
      )}
      ${section('execucao', 'Última execução', bodyOf(view.runs, renderRuns))}
      ${section(
        'calendario',
        'Calendário',
        html`${renderCalculator(base, projectsOf(view), view.calculator)}${bodyOf(view.calendar, renderCalendar)}`,
      )}
      ${section('configuracao', 'Configuração', bodyOf(view.config, renderConfig))}
    </main>
    <footer>
      <p>
        <span class="jira-calls" data-calls="${calls}"
          >${calls} ${calls === 1 ? 'chamada' : 'chamadas'} ao Jira nesta visualização</span
        >
        · gerada em ${formatInstant(view.generatedAt)} (horário de São Paulo)
      </p>
    </footer>`;
  return layout(base, 'Painel do suporte', body);
}

export function renderLogin(base: string, message?: string): string {
  const body = html`<main class="login">
    <h1>Painel do suporte</h1>
    <form method="post" action="${base}/login">
      <p>Informe o token de administração para entrar.</p>
      ${message ? html`<p class="error" role="alert">${message}</p>` : ''}
      <label
        >Token
        <input type="password" name="token" autocomplete="current-password" required autofocus
      /></label>
      <button type="submit">Entrar</button>
    </form>
  </main>`;
  return layout(base, 'Entrar: painel do suporte', body);
}
