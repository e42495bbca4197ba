/** 5. Configuração: the projects as loaded, the schedules with their next runs, the doctor. */
import type { ProjectsFile } from '../config/index.ts';
import type { DoctorReport } from '../doctor/index.ts';
import { summaryLine } from '../doctor/index.ts';
import type { ConfigSection } from './admin-model.ts';
import { timeZone } from '../calendar/index.ts';
import { nextRun } from './next-run.ts';

export interface ConfigFacts {
  config: ProjectsFile;
  configFile: string;
  site: string;
  embeddedSandbox: boolean;
  scheduler: boolean;
  /** the doctor's last run, when the service runs it */
  doctor?: () => { report: DoctorReport; checkedAt: string } | undefined;
}

export function configSection(facts: ConfigFacts, nowMs: number): ConfigSection {
  const { config } = facts;
  const { schedules } = config;
  const zone = timeZone(schedules.timeZone);
  const runs = (
    [
      ['full', schedules.sweep],
      ['catch-up', schedules.catchUp],
    ] as const
  ).map(([mode, cron]) => {
    const at = nextRun(cron, schedules.timeZone, nowMs);
    return { mode, cron, ...(at !== undefined ? { nextRun: zone.formatInstant(at) } : {}) };
  });
  const doctor = facts.doctor?.();
  return {
    generatedAt: new Date(nowMs).toISOString(),
    configFile: facts.configFile,
    jira: { site: facts.site, embeddedSandbox: facts.embeddedSandbox },
    projects: Object.entries(config.projects).map(([key, p]) => ({
      key,
      statuses: Object.fromEntries(
        Object.entries(p.statuses).map(([name, ref]) => [
          name,
          'id' in ref ? `id ${ref.id}` : ref.name,
        ]),
      ),
      businessDays: p.validation.businessDays,
      reminder: { enabled: p.reminder.enabled, businessDaysBefore: p.reminder.businessDaysBefore },
      calendar: {
        region: p.calendar.region,
        types: [...p.calendar.types],
        timeZone: p.calendar.timeZone,
      },
      assignBackToAnalyst: p.assignBackToAnalyst,
    })),
    schedules: {
      timeZone: schedules.timeZone,
      scheduler: facts.scheduler,
      runs,
      maxWritesPerRun: schedules.maxWritesPerRun,
    },
    ...(doctor
      ? {
          doctor: {
            checkedAt: doctor.checkedAt,
            ok: doctor.report.ok,
            summary: summaryLine(doctor.report),
            checks: doctor.report.checks.map(({ name, ok, severity, detail, fix }) => ({
              name,
              ok,
              severity,
              detail,
              fix,
            })),
          },
        }
      : {}),
  };
}
