import type { Check } from './checks.ts';

/** `--json`'s shape: ok when no error-severity check fails. */
export interface DoctorReport {
  ok: boolean;
  checks: Check[];
}

export function reportOf(checks: Check[]): DoctorReport {
  return { ok: checks.every((c) => c.ok || c.severity === 'warning'), checks };
}

export function failingErrors(report: DoctorReport): Check[] {
  return report.checks.filter((c) => !c.ok && c.severity === 'error');
}

/** One line: how many checks passed, failed and warn. */
export function summaryLine(report: DoctorReport): string {
  const errors = failingErrors(report).length;
  const warnings = report.checks.filter((c) => !c.ok && c.severity === 'warning').length;
  const passed = report.checks.filter((c) => c.ok).length;
  return `doctor: ${report.ok ? 'OK' : 'PROBLEMS'}: ${passed} ok, ${errors} failing, ${warnings} warning(s)`;
}

/** The checklist as an admin reads it: a mark, the check, what was found, and what to do. */
export function reportText(report: DoctorReport): string {
  const lines = report.checks.map((c) => {
    const mark = c.ok ? '[ok]  ' : c.severity === 'error' ? '[FAIL]' : '[warn]';
    return `${mark} ${c.name}: ${c.detail}${c.ok ? '' : `\n       fix: ${c.fix}`}`;
  });
  return `${lines.join('\n')}\n${summaryLine(report)}\n`;
}
