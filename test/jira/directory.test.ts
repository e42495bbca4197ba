import { describe, expect, it } from '@jest/globals';
import { NotFoundError, ServerError } from 'jira.js';
import {
  JiraDirectory,
  type DirectoryEndpoints,
  type DirectoryOptions,
} from '../../src/jira/directory.ts';
import type { RawIssueTypeStatuses } from '../../src/jira/mapping.ts';

const TTL = 10 * 60_000;

/** Jira's project-statuses and user-groups endpoints in memory, counting what is asked. */
class FakeJira implements DirectoryEndpoints {
  statuses: Record<string, RawIssueTypeStatuses[]> = {
    SUP: [
      {
        statuses: [
          { id: '10002', name: 'Pendente Informação do cliente' },
          { id: '10003', name: 'Tarefa Resolvida – Aguardando Validação do cliente' },
        ],
      },
      // Another issue type of the same project lists the same status again, and one of its own.
      {
        statuses: [
          { id: '10003', name: 'Tarefa Resolvida – Aguardando Validação do cliente' },
          { id: '10010', name: 'Tarefa resolvida - aguardando validação do cliente' },
          { name: 'no id' },
        ],
      },
    ],
  };
  groups: Record<string, Array<{ name?: string }>> = {
    'analyst-1': [{ name: 'suporte' }, {}, { name: 'jira-users' }],
  };
  /** user records as GET /user answers them (Jira's UserDetails carry more than this) */
  users: Record<string, { accountId: string; accountType?: string; displayName?: string }> = {
    'clinic-private': { accountId: 'clinic-private', accountType: 'customer' },
  };
  failure?: Error;
  /** when set, group look-ups wait for it: lets side-by-side callers pile up first */
  gate?: Promise<void>;
  readonly asked = { statuses: [] as string[], groups: [] as string[], users: [] as string[] };

  async getAllStatuses({ projectIdOrKey }: { projectIdOrKey: string }) {
    this.asked.statuses.push(projectIdOrKey);
    return this.statuses[projectIdOrKey] ?? [];
  }

  async getUserGroups({ accountId }: { accountId: string }) {
    this.asked.groups.push(accountId);
    await this.gate;
    if (this.failure) throw this.failure;
    const groups = this.groups[accountId];
    if (!groups) throw new NotFoundError('GET /user/groups failed: 404', 'Not Found', {});
    return groups;
  }

  async getUser({ accountId }: { accountId: string }) {
    this.asked.users.push(accountId);
    if (this.failure) throw this.failure;
    const user = this.users[accountId];
    if (!user) throw new NotFoundError('GET /user failed: 404', 'Not Found', {});
    return user;
  }
}

function directory(jira: FakeJira, options: Partial<DirectoryOptions> = {}): JiraDirectory {
  return new JiraDirectory(jira, { groupCacheTtlMs: TTL, now: () => 0, ...options });
}

describe('status ids', () => {
  it('answers an id as it is, without asking Jira', async () => {
    const jira = new FakeJira();
    await expect(directory(jira).statusIds('SUP', { id: '10099' })).resolves.toEqual(['10099']);
    expect(jira.asked.statuses).toEqual([]);
  });

  it('finds every status of the project matching a name as admins spell it, each once', async () => {
    const jira = new FakeJira();
    await expect(
      directory(jira).statusIds('SUP', {
        name: 'tarefa resolvida-aguardando  validação do cliente',
      }),
    ).resolves.toEqual(['10003', '10010']);
  });

  it('reads each project once', async () => {
    const jira = new FakeJira();
    const statuses = directory(jira);
    await statuses.statusIds('SUP', { name: 'Pendente Informação do cliente' });
    await expect(statuses.statusIds('SUP', { name: 'Fechado' })).resolves.toEqual([]);
    await statuses.statusIds('OPS', { name: 'Fechado' });
    expect(jira.asked.statuses).toEqual(['SUP', 'OPS']);
  });
});

describe('group membership', () => {
  it('lists the names of the groups', async () => {
    await expect(directory(new FakeJira()).userGroups('analyst-1')).resolves.toEqual([
      'suporte',
      'jira-users',
    ]);
  });

  it('is cached for its TTL', async () => {
    const jira = new FakeJira();
    let now = 1_000_000;
    const groups = directory(jira, { now: () => now });
    await groups.userGroups('analyst-1');
    now += TTL - 1;
    await expect(groups.userGroups('analyst-1')).resolves.toEqual(['suporte', 'jira-users']);
    expect(jira.asked.groups).toHaveLength(1);
    now += 1;
    await groups.userGroups('analyst-1');
    expect(jira.asked.groups).toHaveLength(2);
  });

  it('is looked up once when asked for side by side', async () => {
    const jira = new FakeJira();
    let release!: () => void;
    jira.gate = new Promise<void>((resolve) => (release = resolve));
    const groups = directory(jira);
    const asked = [1, 2, 3].map(() => groups.userGroups('analyst-1'));
    release();
    await expect(Promise.all(asked)).resolves.toEqual([
      ['suporte', 'jira-users'],
      ['suporte', 'jira-users'],
      ['suporte', 'jira-users'],
    ]);
    expect(jira.asked.groups).toEqual(['analyst-1']);
  });

  it('is empty for an account Jira does not know as a user (a portal customer), and cached', async () => {
    const jira = new FakeJira();
    const groups = directory(jira);
    await expect(groups.userGroups('portal-1')).resolves.toEqual([]);
    await expect(groups.userGroups('portal-1')).resolves.toEqual([]);
    expect(jira.asked.groups).toEqual(['portal-1']);
  });

  it('passes other failures on and asks again next time', async () => {
    const jira = new FakeJira();
    const groups = directory(jira);
    jira.failure = new ServerError('GET /user/groups failed: 503', 503, 'Busy', {});
    await expect(groups.userGroups('analyst-1')).rejects.toBe(jira.failure);
    jira.failure = undefined;
    await expect(groups.userGroups('analyst-1')).resolves.toEqual(['suporte', 'jira-users']);
    expect(jira.asked.groups).toHaveLength(2);
  });
});

describe('a user record', () => {
  it("says the account's type, read each time it is asked (nothing cached)", async () => {
    const jira = new FakeJira();
    const users = directory(jira);
    await expect(users.user('clinic-private')).resolves.toEqual({
      accountId: 'clinic-private',
      accountType: 'customer',
    });
    await users.user('clinic-private');
    expect(jira.asked.users).toEqual(['clinic-private', 'clinic-private']);
  });

  it('is undefined for an account Jira does not have (404); other failures pass on', async () => {
    const jira = new FakeJira();
    const users = directory(jira);
    await expect(users.user('gone-1')).resolves.toBeUndefined();
    jira.failure = new ServerError('GET /user failed: 503', 503, 'Busy', {});
    await expect(users.user('clinic-private')).rejects.toBe(jira.failure);
  });
});
