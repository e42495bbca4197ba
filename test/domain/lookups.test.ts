import { describe, expect, it } from '@jest/globals';
import {
  enteredCurrentStatus,
  formatPath,
  projectByKey,
  valueAt,
  type IssueSnapshot,
  type StatusChange,
} from '../../src/domain/index.ts';

describe('a project by its key', () => {
  const projects = { SUP: { name: 'support' } };

  it('finds a configured project', () => {
    expect(projectByKey(projects, 'SUP')).toEqual({ name: 'support' });
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'OPS'])(
    'finds nothing for %s, which is not a configured key',
    (key) => {
      expect(projectByKey(projects, key)).toBeUndefined();
    },
  );
});

describe('paths of validation problems', () => {
  it('read the way an admin reads them', () => {
    expect(formatPath(['projects', 'SUP', 'calendar', 'types', 1])).toBe(
      'projects.SUP.calendar.types[1]',
    );
    expect(formatPath([])).toBe('');
  });

  it('find own values only', () => {
    const input = { issue: { key: 'SUP-1', fields: [{ id: 3 }] } };
    expect(valueAt(input, ['issue', 'key'])).toBe('SUP-1');
    expect(valueAt(input, ['issue', 'fields', 0, 'id'])).toBe(3);
    expect(valueAt(input, ['issue', 'toString'])).toBeUndefined();
    expect(valueAt(input, ['issue', 'key', 'length'])).toBeUndefined();
    expect(valueAt({}, ['constructor'])).toBeUndefined();
  });
});

describe('the change that put an issue in its current status', () => {
  const change = (historyId: string, to: string, atMs: number): StatusChange => ({
    historyId,
    atMs,
    from: { id: '0', name: '' },
    to: { id: to, name: '' },
  });
  const inValidation = (statusChanges?: StatusChange[]): IssueSnapshot => ({
    id: '1',
    key: 'SUP-1',
    projectKey: 'SUP',
    issueTypeId: '1',
    status: { id: '3', name: 'Validação' },
    ...(statusChanges ? { statusChanges } : {}),
  });

  it('is the last entry into that status, not the first', () => {
    const issue = inValidation([change('10', '3', 1), change('11', '2', 2), change('12', '3', 3)]);
    expect(enteredCurrentStatus(issue)?.historyId).toBe('12');
  });

  it('is undefined when the history never shows it', () => {
    expect(enteredCurrentStatus(inValidation([change('10', '2', 1)]))).toBeUndefined();
    expect(enteredCurrentStatus(inValidation())).toBeUndefined();
  });
});
