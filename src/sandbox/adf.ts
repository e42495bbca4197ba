import type { AdfNode } from './model.ts';

/** REST v3 takes rich text as an Atlassian Document: `{type: "doc", version: 1, content: [...]}`. */
export function isAdfDocument(value: unknown): value is AdfNode {
  if (value === null || typeof value !== 'object') return false;
  const doc = value as Partial<AdfNode>;
  return doc.type === 'doc' && doc.version === 1 && Array.isArray(doc.content);
}

/** Plain text to a document: blank lines separate paragraphs, single newlines are hard breaks. */
export function textToAdf(text: string): AdfNode {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .filter((block) => block.trim() !== '');
  return {
    type: 'doc',
    version: 1,
    content: paragraphs.map((block) => ({
      type: 'paragraph',
      content: block.split('\n').flatMap((line, index): AdfNode[] => {
        const text: AdfNode[] = line === '' ? [] : [{ type: 'text', text: line }];
        return index === 0 ? text : [{ type: 'hardBreak' }, ...text];
      }),
    })),
  };
}

const WIKI_MARKS: Record<string, [string, string]> = {
  strong: ['*', '*'],
  em: ['_', '_'],
  strike: ['-', '-'],
  underline: ['+', '+'],
  code: ['{{', '}}'],
  subsup: ['', ''],
};

/**
 * Jira's wiki-markup rendering of a document: what admin webhooks carry in `comment.body` (a
 * string, even for comments written in ADF through REST v3). Unknown nodes keep their text.
 */
export function adfToWiki(node: AdfNode): string {
  return blocks(node.content ?? [], '\n\n').trim();
}

function blocks(nodes: AdfNode[], separator: string): string {
  return nodes.map(block).join(separator);
}

function block(node: AdfNode): string {
  switch (node.type) {
    case 'paragraph':
      return inline(node.content ?? []);
    case 'heading':
      return `h${Number(node.attrs?.level ?? 1)}. ${inline(node.content ?? [])}`;
    case 'bulletList':
    case 'orderedList':
      return list(node, node.type === 'bulletList' ? '*' : '#');
    case 'codeBlock':
      return `{code}\n${inline(node.content ?? [])}\n{code}`;
    case 'blockquote':
      return `{quote}\n${blocks(node.content ?? [], '\n\n')}\n{quote}`;
    case 'rule':
      return '----';
    case 'panel':
      return `{panel}\n${blocks(node.content ?? [], '\n\n')}\n{panel}`;
    default:
      return node.content ? blocks(node.content, '\n') : inline([node]);
  }
}

function list(node: AdfNode, bullet: string): string {
  return (node.content ?? [])
    .map((item) =>
      (item.content ?? [])
        .map((child) =>
          child.type === 'bulletList' || child.type === 'orderedList'
            ? list(child, `${bullet}${child.type === 'bulletList' ? '*' : '#'}`)
            : `${bullet} ${block(child)}`,
        )
        .join('\n'),
    )
    .join('\n');
}

function inline(nodes: AdfNode[]): string {
  return nodes
    .map((node) => {
      switch (node.type) {
        case 'text': {
          let text = node.text ?? '';
          for (const mark of node.marks ?? []) {
            if (mark.type === 'link') {
              text = `[${text}|${String(mark.attrs?.href ?? '')}]`;
            } else {
              const [open, close] = WIKI_MARKS[mark.type] ?? ['', ''];
              text = `${open}${text}${close}`;
            }
          }
          return text;
        }
        case 'hardBreak':
          return '\n';
        case 'mention':
          return `[~accountid:${String(node.attrs?.id ?? '')}]`;
        case 'emoji':
          return String(node.attrs?.text ?? node.attrs?.shortName ?? '');
        case 'inlineCard':
          return `[${String(node.attrs?.url ?? '')}|${String(node.attrs?.url ?? '')}|smart-link]`;
        default:
          return node.content ? inline(node.content) : (node.text ?? '');
      }
    })
    .join('');
}

/** A minimal HTML rendering for `expand=renderedBody`. */
export function adfToHtml(node: AdfNode): string {
  return (node.content ?? [])
    .map((child) => `<p>${escapeHtml(adfToWiki({ type: 'doc', content: [child] }))}</p>`)
    .join('')
    .replace(/\n/g, '<br/>');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
