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
