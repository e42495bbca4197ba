/**
 * Pure: the dry run's decision in the words of the admin page (pt-BR). The rules' English reason
 * stays in the JSON and the logs; this sentence is built from the stable code (DecisionCode), never
 * from the English text, so rewording a reason cannot change it. A code added to DecisionCode fails
 * the type check here until it has its sentence.
 */
import { formatBrazilianDate, parseIsoDate } from '../calendar/index.ts';
import type { SweepOutcome } from '../jobs/index.ts';
import type { DecisionCode } from '../rules/index.ts';

/** Outcomes that say why by themselves: the decision, if there was one, did not happen. */
export type OutcomeCode = Extract<SweepOutcome, 'failed' | 'blocked' | 'moved' | 'deferred'>;

export const OUTCOME_CODES: readonly OutcomeCode[] = ['failed', 'blocked', 'moved', 'deferred'];

/**
 * Why, for the page: the rules' code, the outcome when it overrides the decision, or, for an
 * issue with no action and no code, whether no decision stands (the issue changed or vanished
 * while it was read) or the catch-up left the decision for the nightly sweep.
 */
export type ExplainedCode = DecisionCode | OutcomeCode | 'issue-changed' | 'left-for-nightly';

/** What the sentences mention besides the code. */
export interface DecisionFacts {
  /** the validation window's last business day (YYYY-MM-DD) */
  lastBusinessDay?: string;
  /** the status as Jira names it */
  status?: string;
}

/** "19/11/2026" for "2026-11-19"; undefined when there is no date to show. */
function brazilianDate(date: string | undefined): string | undefined {
  const day = date === undefined ? undefined : parseIsoDate(date);
  return day === undefined ? undefined : formatBrazilianDate(day);
}

/** One pt-BR sentence (no final period) saying what the service will do with the issue, and why. */
export function explainDecision(code: ExplainedCode, facts: DecisionFacts = {}): string {
  switch (code) {
    case 'failed':
      return 'O Jira falhou ou recusou a leitura ou a ação (veja o detalhe técnico); a próxima varredura tenta de novo';
    case 'blocked':
      return 'A transição não pode ser feita como está configurada (veja o detalhe técnico): um administrador precisa corrigir';
    case 'moved':
      return 'Uma pessoa ou outro processo moveu o chamado enquanto ele era tratado: a decisão foi descartada';
    case 'deferred':
      return 'O limite de gravações desta execução foi atingido: fica para a próxima varredura';
    case 'issue-changed':
      return 'Nada a fazer: o chamado mudou ou sumiu enquanto era lido de novo';
    case 'left-for-nightly':
      return 'Fica para a varredura noturna: a recuperação (catch-up) só corrige respostas perdidas';
    default:
      return ruleExplanation(code, facts);
  }
}

/** The rules' codes, each in words; the switch is exhaustive (no default). */
function ruleExplanation(code: DecisionCode, facts: DecisionFacts): string {
  const last = brazilianDate(facts.lastBusinessDay);
  const lastNote = last ? ` (último dia útil: ${last})` : '';
  const where = facts.status ? `em «${facts.status}»` : 'em outro status';
  switch (code) {
    case 'deadline-passed':
      return `Prazo encerrado${lastNote} sem comentário do cliente`;
    case 'closing-comment-posted':
      return 'Prazo encerrado; o comentário de encerramento já foi publicado, falta encerrar';
    case 'reminder-due':
      return `O prazo está perto do fim${lastNote}: o cliente recebe um lembrete, uma única vez`;
    case 'not-due':
      return `Dentro do prazo${lastNote}, sem comentário do cliente desde que entrou em validação`;
    case 'reminder-already-sent':
      return 'Dentro do prazo; o lembrete deste ciclo de validação já foi enviado';
    case 'missed-rejection':
      return 'O cliente comentou durante a validação e o aviso (webhook) se perdeu: a solução foi recusada e o chamado é reaberto';
    case 'missed-reply':
      return 'O cliente respondeu enquanto o chamado estava pendente e o aviso (webhook) se perdeu: volta para os analistas';
    case 'no-customer-comment':
      return 'Nenhum comentário do cliente desde que entrou em pendente';
    case 'quiet-since-pending':
      return 'Nenhuma atividade no chamado desde que entrou em pendente';
    case 'internal-comment':
      return 'Comentário interno: nunca conta como resposta do cliente';
    case 'not-customer':
      return 'O comentário não é do cliente';
    case 'status-not-handled':
      return `O chamado está ${where}, um status de que o serviço não trata`;
    case 'before-current-status':
      return 'O comentário é anterior à entrada do chamado no status atual';
    case 'customer-replied':
      return 'O cliente respondeu a um chamado pendente: volta para os analistas';
    case 'customer-rejected':
      return 'O cliente comentou durante a validação: a solução foi recusada e o chamado é reaberto';
    case 'left-validation':
      return `O chamado já não está em validação (agora está ${where})`;
    case 'left-pending':
      return `O chamado já não está pendente (agora está ${where})`;
    case 'left-closed':
      return `O chamado já não está encerrado (agora está ${where})`;
    case 'entry-not-in-history':
      return 'O histórico do chamado não mostra quando ele entrou no status de que a regra precisa';
    case 'not-closed-by-service':
      return 'O chamado foi encerrado por uma pessoa, não pelo serviço';
    case 'closed-from-other-status':
      return 'O chamado foi encerrado a partir de outro status, não da validação';
    case 'close-before-lookback':
      return 'Encerrado pelo serviço antes do período que a recuperação (catch-up) revisa';
    case 'before-validation':
      return 'O comentário é anterior à validação que o serviço encerrou';
    case 'comment-after-close':
      return 'O comentário foi feito depois que o serviço encerrou o chamado';
    case 'no-rejection-before-close':
      return 'Nenhum comentário do cliente durante a validação, antes do encerramento';
    case 'rejected-before-close':
      return 'O cliente comentou durante a validação, pouco antes de o serviço encerrar: a solução foi recusada e o chamado é reaberto';
  }
}
