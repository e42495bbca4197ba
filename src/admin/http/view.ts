/** One page view: every section read (each failing alone), the calculator answered, rendered. */
import type { Request } from 'express';
import type { AdminData } from '../admin-model.ts';
import { deadlineOf } from './api.ts';
import type { CalculatorState } from './calculator.ts';
import { type LoadContext, load, pageOf, queryText } from './load.ts';
import { renderPage } from './page.ts';

export interface RenderedView {
  html: string;
  jiraCalls: number;
}

async function calculator(
  req: Request,
  data: AdminData,
  ctx: LoadContext,
): Promise<CalculatorState> {
  const project = queryText(req.query.calc_project);
  const from = queryText(req.query.calc_from);
  if (req.query.calc_project === undefined && req.query.calc_from === undefined) {
    return { project, from };
  }
  const answer = await load(
    'Calculadora',
    deadlineOf(data, req.query.calc_project, req.query.calc_from),
    ctx,
  );
  const message = answer.ok ? undefined : answer.message;
  return {
    project,
    from,
    answer: message
      ? { ok: false, message: `Não foi possível calcular o prazo. ${message}` }
      : answer,
  };
}

export async function viewPage(
  req: Request,
  data: AdminData,
  ctx: LoadContext,
): Promise<RenderedView> {
  const forecastPage = pageOf(req.query.page);
  const pendingPage = pageOf(req.query.pending_page);
  const [forecast, pending, runs, calendar, config, calc] = await Promise.all([
    load('Próximos encerramentos', () => data.forecast(forecastPage), ctx),
    load('Aguardando o cliente', () => data.pending(pendingPage), ctx),
    load('Última execução', () => data.runs(), ctx),
    load('Calendário', () => data.calendar(), ctx),
    load('Configuração', () => data.config(), ctx),
    calculator(req, data, ctx),
  ]);
  const calls = [forecast, pending].reduce(
    (sum, s) => sum + (s.ok && !s.value.cached ? s.value.jiraCalls : 0),
    0,
  );
  const base = req.baseUrl;
  const href = (list: 'forecast' | 'pending', page: number) => {
    const params = new URLSearchParams();
    const other = list === 'forecast' ? pendingPage : forecastPage;
    params.set(list === 'forecast' ? 'page' : 'pending_page', String(page));
    if (other > 1) params.set(list === 'forecast' ? 'pending_page' : 'page', String(other));
    return `${base}?${params.toString()}#${list === 'forecast' ? 'encerramentos' : 'aguardando'}`;
  };
  const html = renderPage({
    base,
    forecast,
    pending,
    runs,
    calendar,
    config,
    calculator: calc,
    href,
    jiraCalls: calls,
    generatedAt: new Date().toISOString(),
  });
  return { html, jiraCalls: calls };
}
