import { validate as isValidCron } from 'node-cron';
import { z } from 'zod';
import { HOLIDAY_TYPES, parseIsoDate, regionProblem, TimeZone } from '../calendar/index.ts';
import { TEMPLATE_PLACEHOLDERS, unknownPlaceholders } from './templates.ts';
import type { StatusRef } from '../domain/index.ts';

const projectKey = /^[A-Z][A-Z0-9_]{1,9}$/;

const nonEmpty = z.string().trim().min(1, { error: 'must not be empty' });

const statusRef = z.union(
  [
    nonEmpty.transform((name): StatusRef => ({ name })),
    z.strictObject({ name: nonEmpty }),
    z.strictObject({
      id: z.union([nonEmpty, z.number().int().nonnegative()]).transform(String),
    }),
  ],
  { error: 'expected a status name, {name: "..."} or {id: "..."}' },
);

const isoDate = z.string().refine((text) => parseIsoDate(text) !== undefined, {
  error: 'expected a calendar date YYYY-MM-DD',
});

// YAML reads an unquoted 2026-12-24 as a date object: accept both spellings of the same day.
const calendarDate = z.preprocess(
  (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value),
  isoDate,
);

const namedDate = z.union(
  [
    calendarDate.transform((date) => ({ date })),
    z.strictObject({ date: calendarDate, name: nonEmpty.optional() }),
  ],
  { error: 'expected a date YYYY-MM-DD or {date, name}' },
);

const holidayType = z.enum(HOLIDAY_TYPES, {
  error: `expected one of ${HOLIDAY_TYPES.join(', ')}`,
});

const calendar = z.strictObject({
  region: z
    .string()
    .default('BR')
    .check((ctx) => {
      const problem = regionProblem(ctx.value);
      if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
    }),
  types: z
    .array(holidayType)
    .min(1, { error: 'list at least one holiday type' })
    .default(['public']),
  timeZone: z
    .string()
    .default('America/Sao_Paulo')
    .refine(TimeZone.isValid, { error: 'expected an IANA time zone such as America/Sao_Paulo' }),
  closures: z.array(namedDate).default([]),
  workingDays: z.array(namedDate).default([]),
});

const template = z.string().check((ctx) => {
  const unknown = unknownPlaceholders(ctx.value);
  if (unknown.length > 0) {
    ctx.issues.push({
      code: 'custom',
      input: ctx.value,
      message: `unknown placeholder ${unknown.map((u) => `{{${u}}}`).join(', ')}; known: ${TEMPLATE_PLACEHOLDERS.join(', ')}`,
    });
  }
});

export const DEFAULT_TEMPLATES = {
  closing:
    'Olá! Como não recebemos retorno em {{businessDays}} dias úteis desde a resolução deste chamado ' +
    '({{resolvedDate}}), ele foi encerrado automaticamente em {{closingDate}}. Se o problema voltar a ' +
    'acontecer, é só abrir um novo chamado.',
  reminder:
    'Olá! Este chamado foi resolvido em {{resolvedDate}} e aguarda a sua validação. Se não recebermos ' +
    'retorno, ele será encerrado automaticamente em {{closingDate}}. Se a solução não atendeu, basta ' +
    'responder a este comentário.',
  reopenNote:
    'Chamado reaberto automaticamente: o cliente respondeu durante a validação, o que indica que a ' +
    'solução não foi aceita.',
};

const customer = z.strictObject({
  /** members of these groups are analysts, never the customer */
  analystGroups: z.array(nonEmpty).default([]),
  /** accountType "customer" (Jira Service Management portal users) counts as the customer */
  byAccountType: z.boolean().default(true),
  /** the issue's reporter counts as the customer (clinics with an ordinary Atlassian account) */
  byReporter: z.boolean().default(true),
  accountIds: z.array(nonEmpty).default([]),
  groups: z.array(nonEmpty).default([]),
  /** JSM request participants and members of the request's organizations count as the customer */
  byParticipant: z.boolean().default(true),
  /**
   * a comment e-mailed by someone who is not part of the request (Jira's
   * `jsdAuthorCanSeeRequest: false`) counts as the customer only when this is true
   */
  unlistedEmailSenders: z.boolean().default(false),
  /** accounts that are never the customer, such as an e-mail handler's default reporter */
  neverAccountIds: z.array(nonEmpty).default([]),
});

/**
 * The transition into one target status, and the fields its screen needs: several transitions may
 * lead into one status (a global "Cancelar" beside "Fechar"), and a screen may require a field
 * (Resolution). Field values are sent to Jira as they are; null clears a field.
 */
const transitionChoice = z
  .strictObject({
    name: nonEmpty.optional(),
    id: z.union([nonEmpty, z.number().int().nonnegative()]).transform(String).optional(),
    fields: z.record(z.string().min(1), z.unknown()).optional(),
  })
  .refine((choice) => choice.name === undefined || choice.id === undefined, {
    error: 'name the transition or give its id, not both',
  });

/** The statuses the service moves issues into, each of which may name its transition. */
export const TRANSITION_TARGETS = ['analystQueue', 'reopen', 'closed'] as const;

const transitions = z.strictObject({
  analystQueue: transitionChoice.optional(),
  reopen: transitionChoice.optional(),
  closed: transitionChoice.optional(),
});

const project = z
  .strictObject({
    statuses: z.strictObject({
      pending: statusRef,
      analystQueue: statusRef,
      validation: statusRef,
      reopen: statusRef,
      closed: statusRef,
    }),
    transitions: transitions.prefault({}),
    validation: z
      .strictObject({
        businessDays: z
          .number()
          .int({ error: 'expected a whole number of business days' })
          .min(1)
          .max(60)
          .default(5),
      })
      .prefault({}),
    calendar: calendar.prefault({}),
    customer: customer.prefault({}),
    assignBackToAnalyst: z.boolean().default(true),
    templates: z
      .strictObject({
        closing: template.default(DEFAULT_TEMPLATES.closing),
        reminder: template.default(DEFAULT_TEMPLATES.reminder),
        reopenNote: template.default(DEFAULT_TEMPLATES.reopenNote),
      })
      .prefault({}),
    reminder: z
      .strictObject({
        enabled: z.boolean().default(false),
        businessDaysBefore: z.number().int().min(1).max(30).default(1),
      })
      .prefault({}),
  })
  .check((ctx) => {
    // A reminder as many business days before the close as the window is long would be due as the
    // issue enters validation, with the resolution comment: it would remind of nothing.
    const { reminder, validation } = ctx.value;
    if (reminder.enabled && reminder.businessDaysBefore >= validation.businessDays) {
      ctx.issues.push({
        code: 'custom',
        path: ['reminder', 'businessDaysBefore'],
        message:
          `must be less than validation.businessDays (${validation.businessDays}): ` +
          `${reminder.businessDaysBefore} business days before the close is not after the issue ` +
          'enters validation, so the reminder would go out with the resolution',
        input: reminder.businessDaysBefore,
      });
    }
  });

const cron = z.string().refine((text) => isValidCron(text), {
  error: 'expected a cron expression such as "0 2 * * *"',
});

const schedules = z.strictObject({
  /** the full sweep: auto-close, reminders and catch-up over every issue in the statuses */
  sweep: cron.default('0 2 * * *'),
  /** the light catch-up over recently updated issues */
  catchUp: cron.default('*/15 * * * *'),
  catchUpLookbackMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(60),
  timeZone: z
    .string()
    .default('America/Sao_Paulo')
    .refine(TimeZone.isValid, { error: 'expected an IANA time zone such as America/Sao_Paulo' }),
  /** the most write calls one sweep makes; the rest waits for the next run */
  maxWritesPerRun: z
    .number()
    .int()
    .min(2, {
      error:
        'must be at least 2: closing an issue takes two writes (the closing comment, then the ' +
        'transition), so with less nothing would ever close',
    })
    .default(500),
});

export const projectsFileSchema = z
  .strictObject({
    projects: z.record(
      z.string().regex(projectKey, {
        error: 'a Jira project key is 2-10 upper-case letters, digits or _, starting with a letter',
      }),
      project,
    ),
    schedules: schedules.prefault({}),
  })
  .refine((file) => Object.keys(file.projects).length > 0, {
    path: ['projects'],
    error: 'configure at least one project',
  });

export type ProjectsFile = z.output<typeof projectsFileSchema>;
export type ProjectConfig = ProjectsFile['projects'][string];
export type ProjectStatuses = ProjectConfig['statuses'];
export type Schedules = ProjectsFile['schedules'];
export type TransitionTarget = (typeof TRANSITION_TARGETS)[number];
export type TransitionConfig = z.output<typeof transitionChoice>;
