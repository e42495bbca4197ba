/**
 * pt-BR wording and formats for the admin page: instants in São Paulo time as dd/mm/aaaa hh:mm,
 * dates YYYY-MM-DD as dd/mm/aaaa, and the sweep's outcomes in words.
 */
import type { SweepMode, SweepOutcome } from '../../jobs/index.ts';
import type { ReminderState } from '../admin-model.ts';

export const PAGE_TIME_ZONE = 'America/Sao_Paulo';

const INSTANT = new Intl.DateTimeFormat('pt-BR', {
  timeZone: PAGE_TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** dd/mm/aaaa hh:mm in São Paulo; the text as it is when it is not an instant. */
export function formatInstant(iso: string | undefined): string {
  if (!iso) return '—';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const parts = Object.fromEntries(
    INSTANT.formatToParts(new Date(time)).map((part) => [part.type, part.value]),
  );
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

/** YYYY-MM-DD as dd/mm/aaaa (no time zone involved: it is a calendar date). */
export function formatDate(date: string | undefined): string {
  if (!date) return '—';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : date;
}

/** dd/mm of a YYYY-MM-DD date (the chart's axis). */
export function formatDayMonth(date: string): string {
  return formatDate(date).slice(0, 5);
}

const MONTH = new Intl.DateTimeFormat('pt-BR', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "março de 2026" for "2026-03". */
export function formatMonth(month: string): string {
  const time = Date.parse(`${month}-01T12:00:00Z`);
  return Number.isNaN(time) ? month : MONTH.format(new Date(time));
}

export const WEEKDAYS = ['seg', 'ter', 'qua', 'qui', 'sex', 'sáb', 'dom'];

/** Monday-first index (0..6) of a YYYY-MM-DD date. */
export function weekdayIndex(date: string): number {
  return (new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7;
}

/** What the service will do (the forecast and the pending list: the dry run's decision). */
export const PLANNED_OUTCOME: Record<SweepOutcome, string> = {
  closed: 'Encerrar',
  reopened: 'Reabrir',
  reminded: 'Enviar lembrete',
  'moved-to-analysts': 'Devolver aos analistas',
  'not-due': 'Aguardar (dentro do prazo)',
  'no-action': 'Nada a fazer',
  deferred: 'Deixar para a varredura noturna',
  blocked: 'Bloqueado',
  moved: 'Movido por outra pessoa',
  failed: 'Falha',
};

/** What a run did (counts by outcome). */
export const DONE_OUTCOME: Record<SweepOutcome, string> = {
  closed: 'encerrados',
  reopened: 'reabertos',
  reminded: 'lembretes enviados',
  'moved-to-analysts': 'devolvidos aos analistas',
  'not-due': 'dentro do prazo',
  'no-action': 'sem ação',
  deferred: 'deixados para a noite',
  blocked: 'bloqueados',
  moved: 'movidos por outra pessoa',
  failed: 'falhas',
};

export const MODE: Record<SweepMode, string> = {
  full: 'Varredura completa',
  'catch-up': 'Recuperação (catch-up)',
};

export function reminderText(reminder: { state: ReminderState; at?: string }): string {
  switch (reminder.state) {
    case 'sent':
      return 'enviado';
    case 'due':
      return 'vai na próxima varredura';
    case 'scheduled':
      return `agendado para ${formatInstant(reminder.at)}`;
    case 'not-sent':
      return 'não enviado (o prazo acabou)';
    case 'off':
      return 'desativado';
  }
}

export const DAY_KIND: Record<string, string> = {
  weekend: 'fim de semana',
  holiday: 'feriado',
  closure: 'recesso da empresa',
  'working-day': 'dia útil extra',
};

export const SCOPE: Record<string, string> = {
  national: 'nacional',
  state: 'estadual',
  city: 'municipal',
};

/** "1,2 s" / "850 ms". */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toLocaleString('pt-BR')} s`;
}
