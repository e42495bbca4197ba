/**
 * Webhook bodies for the benchmarks, shaped like the real Jira Cloud `comment_created` capture in
 * ../shared/fixtures/jira-webhooks/webhook-cloud-comment-created.json (no top-level `user`, the
 * actor in `comment.author`, a wiki-string body, `jsdPublic`, a reduced `issue.fields` with avatar
 * URLs and `self` links), with modern user fields (`accountType`, no legacy `name`/`key`). About
 * 4 KB, like the capture: the receiver pays for verifying and parsing every byte of it.
 */
import { signBody } from '../src/webhooks/index.ts';

export const BENCH_SECRET = 'bench-webhook-secret-0123456789abcdef';

const SITE = 'https://pixeon-suporte.atlassian.net';

function avatars(base: string): Record<string, string> {
  return Object.fromEntries(
    ['48x48', '24x24', '16x16', '32x32'].map((size) => [
      size,
      `${base}?s=${size.split('x')[0]}&d=https%3A%2F%2Fsecure.gravatar.com%2Favatar%2Fd991bc281c0c0ecb0bbb2db3979ddaff%3Fd%3Dmm%26noRedirect%3Dtrue`,
    ]),
  );
}

function user(accountId: string, displayName: string, accountType: string) {
  return {
    self: `${SITE}/rest/api/2/user?accountId=${accountId}`,
    accountId,
    avatarUrls: avatars('https://avatar-cdn.atlassian.com/d991bc281c0c0ecb0bbb2db3979ddaff'),
    displayName,
    active: true,
    timeZone: 'America/Sao_Paulo',
    accountType,
  };
}

export interface CommentPayloadOptions {
  projectKey: string;
  projectId: string;
  status: { id: string; name: string };
  issueNumber?: number;
}

/** A `comment_created` body by a customer on an issue of the given project and status. */
export function commentCreatedBody(options: CommentPayloadOptions): Buffer {
  const issueId = String(10_040 + (options.issueNumber ?? 41));
  const key = `${options.projectKey}-${options.issueNumber ?? 41}`;
  const author = user('qm:5c5f8806-29be-9642-ba52-9340aa11bb22', 'Clínica Exemplo', 'customer');
  const body = {
    timestamp: Date.parse('2026-03-09T14:11:18.321-03:00'),
    webhookEvent: 'comment_created',
    comment: {
      self: `${SITE}/rest/api/2/issue/${issueId}/comment/10019`,
      id: '10019',
      author,
      body: 'Bom dia! O laudo ainda não imprime na estação da recepção, mesmo depois da atualização. Segue o print do erro em anexo.',
      updateAuthor: author,
      created: '2026-03-09T14:11:18.321-0300',
      updated: '2026-03-09T14:11:18.321-0300',
      jsdPublic: true,
    },
    issue: {
      id: issueId,
      self: `${SITE}/rest/api/2/issue/${issueId}`,
      key,
      fields: {
        summary: 'Laudo não imprime na estação da recepção',
        issuetype: {
          self: `${SITE}/rest/api/2/issuetype/10001`,
          id: '10001',
          description: 'Chamado aberto pelo cliente no portal.',
          iconUrl: `${SITE}/secure/viewavatar?size=xsmall&avatarId=10315&avatarType=issuetype`,
          name: 'Chamado',
          subtask: false,
          avatarId: 10315,
        },
        project: {
          self: `${SITE}/rest/api/2/project/${options.projectId}`,
          id: options.projectId,
          key: options.projectKey,
          name: `Projeto ${options.projectKey}`,
          projectTypeKey: 'service_desk',
          avatarUrls: Object.fromEntries(
            ['48x48', '24x24', '16x16', '32x32'].map((size) => [
              size,
              `${SITE}/secure/projectavatar?size=${size}&avatarId=10324`,
            ]),
          ),
        },
        assignee: user('5c5f8806-analista-0001', 'Analista de Suporte', 'atlassian'),
        priority: {
          self: `${SITE}/rest/api/2/priority/2`,
          iconUrl: `${SITE}/images/icons/priorities/high.svg`,
          name: 'High',
          id: '2',
        },
        status: {
          self: `${SITE}/rest/api/2/status/${options.status.id}`,
          description: '',
          iconUrl: `${SITE}/`,
          name: options.status.name,
          id: options.status.id,
          statusCategory: {
            self: `${SITE}/rest/api/2/statuscategory/3`,
            id: 3,
            key: 'done',
            colorName: 'green',
            name: 'Done',
          },
        },
      },
    },
  };
  return Buffer.from(JSON.stringify(body), 'utf8');
}

/**
 * A project the service does not know (config/projects.yaml maps only SUP): the receiver verifies,
 * parses, validates and screens it out with 204, without a Jira call.
 */
export function unconfiguredDelivery(): { body: Buffer; signature: string } {
  const body = commentCreatedBody({
    projectKey: 'OPS',
    projectId: '10200',
    status: { id: '10004', name: 'Tarefa Resolvida – Aguardando Validação do cliente' },
  });
  return { body, signature: signBody(body, BENCH_SECRET) };
}

/** An SUP issue in the validation status: screening lets it through to processing. */
export function configuredDelivery(): { body: Buffer; signature: string } {
  const body = commentCreatedBody({
    projectKey: 'SUP',
    projectId: '10000',
    status: { id: '10004', name: 'Tarefa Resolvida – Aguardando Validação do cliente' },
  });
  return { body, signature: signBody(body, BENCH_SECRET) };
}
