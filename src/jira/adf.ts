/** Atlassian Document Format, the body format of REST v3 comments: just what the service writes. */
// A type alias, not an interface: jira.js's comment body type wants an index signature.
export type AdfDocument = {
  type: 'doc';
  version: 1;
  content: Array<{ type: 'paragraph'; content: Array<{ type: 'text'; text: string }> }>;
};

/** Plain text to ADF: one paragraph per blank-line-separated block, line breaks kept as text. */
export function textToAdf(text: string): AdfDocument {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return {
    type: 'doc',
    version: 1,
    content: paragraphs.map((p) => ({ type: 'paragraph', content: [{ type: 'text', text: p }] })),
  };
}

/** The text of an ADF node tree (or a wiki string, as webhooks carry), for logs and tests. */
export function adfToText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (!body || typeof body !== 'object') return '';
  const node = body as { type?: string; text?: string; content?: unknown[] };
  if (node.type === 'text') return node.text ?? '';
  const parts = (node.content ?? []).map(adfToText);
  return node.type === 'doc' ? parts.join('\n\n') : parts.join('');
}
