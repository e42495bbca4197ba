/**
 * The subset of JQL the sandbox understands: `project`, `status`, `key`/`issuekey`/`id`,
 * `created` and `updated`, with `=`, `!=`, `in`, `not in` (and `>`, `>=`, `<`, `<=` on dates),
 * `AND`, `OR`, `NOT`, parentheses, quoted strings and `ORDER BY`. Everything else is a JqlError,
 * never a silently different query.
 */

export class JqlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JqlError';
  }
}

export type JqlField = 'project' | 'status' | 'key' | 'created' | 'updated';
export type JqlOperator = '=' | '!=' | 'in' | 'not in' | '>' | '>=' | '<' | '<=';

export interface JqlValue {
  text: string;
  quoted: boolean;
}

export type JqlNode =
  | { kind: 'and' | 'or'; left: JqlNode; right: JqlNode }
  | { kind: 'not'; operand: JqlNode }
  | { kind: 'term'; field: JqlField; name: string; operator: JqlOperator; values: JqlValue[] };

export interface JqlSort {
  field: 'key' | 'created' | 'updated';
  direction: 'asc' | 'desc';
}

export interface JqlQuery {
  where: JqlNode | null;
  orderBy: JqlSort[];
}

const FIELDS: Record<string, JqlField> = {
  project: 'project',
  status: 'status',
  key: 'key',
  issuekey: 'key',
  id: 'key',
  created: 'created',
  createddate: 'created',
  updated: 'updated',
  updateddate: 'updated',
};

const SORT_FIELDS: Record<string, JqlSort['field']> = {
  key: 'key',
  issuekey: 'key',
  id: 'key',
  created: 'created',
  createddate: 'created',
  updated: 'updated',
  updateddate: 'updated',
};

/** Real Jira fields the sandbox does not implement: named as such, not as unknown fields. */
const KNOWN_UNSUPPORTED = new Set([
  'summary',
  'description',
  'text',
  'comment',
  'assignee',
  'reporter',
  'creator',
  'resolution',
  'resolved',
  'resolutiondate',
  'priority',
  'labels',
  'issuetype',
  'type',
  'statuscategory',
  'sprint',
  'component',
  'fixversion',
  'duedate',
  'due',
  'parent',
  'watcher',
  'lastviewed',
  'environment',
  'attachments',
  'issue.property',
]);

const DATE_OPERATORS: JqlOperator[] = ['=', '!=', '>', '>=', '<', '<='];
const LIST_OPERATORS: JqlOperator[] = ['=', '!=', 'in', 'not in'];

type Token =
  | { type: 'word'; text: string; at: number }
  | { type: 'string'; text: string; at: number }
  | { type: 'op'; text: string; at: number }
  | { type: '(' | ')' | ','; text: string; at: number };

const WORD_CHAR = /[^\s()=,!<>~"'|&]/;

function tokenize(jql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < jql.length) {
    const c = jql[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ type: c, text: c, at: i });
      i++;
    } else if (c === '"' || c === "'") {
      const start = i;
      let text = '';
      i++;
      while (i < jql.length && jql[i] !== c) {
        if (jql[i] === '\\' && i + 1 < jql.length) i++;
        text += jql[i];
        i++;
      }
      if (i >= jql.length)
        throw syntaxError(`The quoted string starting at ${where(start)} is not closed.`);
      i++;
      tokens.push({ type: 'string', text, at: start });
    } else if ('=!<>~'.includes(c)) {
      const two = jql.slice(i, i + 2);
      const text = ['!=', '>=', '<=', '!~'].includes(two) ? two : c;
      if (text === '!') throw syntaxError(`Unexpected character '!' at ${where(i)}.`);
      tokens.push({ type: 'op', text, at: i });
      i += text.length;
    } else if (c === '|' || c === '&') {
      const two = jql.slice(i, i + 2);
      if (two !== '||' && two !== '&&')
        throw syntaxError(`Unexpected character '${c}' at ${where(i)}.`);
      tokens.push({ type: 'word', text: two === '||' ? 'OR' : 'AND', at: i });
      i += 2;
    } else {
      const start = i;
      while (i < jql.length && WORD_CHAR.test(jql[i]!)) i++;
      tokens.push({ type: 'word', text: jql.slice(start, i), at: start });
    }
  }
  return tokens;
}

function where(at: number): string {
  return `line 1, character ${at + 1}`;
}

function syntaxError(message: string): JqlError {
  return new JqlError(message);
}

/** Parses a JQL query; throws a JqlError with a Jira-like message. */
export function parseJql(jql: string): JqlQuery {
  return new Parser(tokenize(jql)).query();
}

class Parser {
  private readonly tokens: Token[];
  private position = 0;

  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  query(): JqlQuery {
    const where = this.isKeyword('order') ? null : this.atEnd() ? null : this.or();
    const orderBy: JqlSort[] = [];
    if (this.isKeyword('order')) {
      this.position++;
      if (!this.isKeyword('by')) this.fail("Expecting 'by'");
      this.position++;
      do {
        orderBy.push(this.sort());
      } while (this.accept(','));
    }
    if (!this.atEnd()) this.fail("Expecting either 'OR' or 'AND'");
    return { where, orderBy };
  }

  private sort(): JqlSort {
    const token = this.next();
    if (!token || (token.type !== 'word' && token.type !== 'string')) {
      this.fail('Expecting a field name', token);
    }
    const field = SORT_FIELDS[token.text.toLowerCase()];
    if (!field) {
      throw new JqlError(
        KNOWN_UNSUPPORTED.has(token.text.toLowerCase())
          ? `The sandbox Jira cannot order by '${token.text}'; it orders by key, created or updated.`
          : `Field '${token.text}' does not exist or you do not have permission to view it.`,
      );
    }
    let direction: JqlSort['direction'] = 'asc';
    if (this.isKeyword('asc') || this.isKeyword('desc')) {
      direction = this.next()!.text.toLowerCase() as JqlSort['direction'];
    }
    return { field, direction };
  }

  private or(): JqlNode {
    let left = this.and();
    while (this.isKeyword('or')) {
      this.position++;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): JqlNode {
    let left = this.not();
    while (this.isKeyword('and')) {
      this.position++;
      left = { kind: 'and', left, right: this.not() };
    }
    return left;
  }

  private not(): JqlNode {
    if (this.isKeyword('not')) {
      this.position++;
      return { kind: 'not', operand: this.not() };
    }
    if (this.accept('(')) {
      const inner = this.or();
      if (!this.accept(')')) this.fail("Expecting ')'");
      return inner;
    }
    return this.term();
  }

  private term(): JqlNode {
    const token = this.next();
    if (!token || (token.type !== 'word' && token.type !== 'string')) {
      this.fail('Expecting a field name', token);
    }
    const name = token.text;
    const lower = name.toLowerCase();
    const field = FIELDS[lower];
    if (!field) {
      if (KNOWN_UNSUPPORTED.has(lower) || /^cf\[\d+\]$|^customfield_\d+$/.test(lower)) {
        throw new JqlError(
          `The sandbox Jira does not support the field '${name}'; it supports project, status, key, issuekey, created and updated.`,
        );
      }
      throw new JqlError(
        `Field '${name}' does not exist or you do not have permission to view it.`,
      );
    }
    const operator = this.operator(name);
    const allowed = field === 'created' || field === 'updated' ? DATE_OPERATORS : LIST_OPERATORS;
    if (!allowed.includes(operator)) {
      throw new JqlError(
        `The operator '${operator}' is not supported by the '${name}' field in the sandbox Jira.`,
      );
    }
    const values = operator === 'in' || operator === 'not in' ? this.list() : [this.value()];
    return { kind: 'term', field, name, operator, values };
  }

  private operator(field: string): JqlOperator {
    const token = this.next();
    if (token?.type === 'op') {
      if (token.text === '~' || token.text === '!~') {
        throw new JqlError(`The sandbox Jira does not support the operator '${token.text}'.`);
      }
      return token.text as JqlOperator;
    }
    if (token?.type === 'word') {
      const word = token.text.toLowerCase();
      if (word === 'in') return 'in';
      if (word === 'not' && this.isKeyword('in')) {
        this.position++;
        return 'not in';
      }
      if (['is', 'was', 'changed', 'not'].includes(word)) {
        throw new JqlError(`The sandbox Jira does not support the operator '${token.text}'.`);
      }
    }
    this.fail(
      `Expecting operator but got '${token?.text ?? '<end of query>'}'. The valid operators are '=', '!=', '<', '>', '<=', '>=', 'in' and 'not in' (field '${field}')`,
      token,
    );
  }

  private list(): JqlValue[] {
    const next = this.peek();
    if (next?.type === 'word' && this.tokens[this.position + 1]?.type === '(') {
      throw new JqlError(
        `The sandbox Jira does not support JQL functions such as '${next.text}()'.`,
      );
    }
    if (!this.accept('(')) this.fail("Expecting '(' after 'in'");
    const values = [this.value()];
    while (this.accept(',')) values.push(this.value());
    if (!this.accept(')')) this.fail("Expecting ')' or ','");
    return values;
  }

  private value(): JqlValue {
    const token = this.next();
    if (!token || (token.type !== 'word' && token.type !== 'string')) {
      this.fail('Expecting a value', token);
    }
    if (token.type === 'word') {
      if (this.peek()?.type === '(') {
        throw new JqlError(
          `The sandbox Jira does not support JQL functions such as '${token.text}()'.`,
        );
      }
      const lower = token.text.toLowerCase();
      if (lower === 'empty' || lower === 'null') {
        throw new JqlError(`The sandbox Jira does not support '${token.text}' values.`);
      }
      if (['and', 'or', 'not', 'in', 'order'].includes(lower)) {
        this.fail(`Expecting a value but got the reserved word '${token.text}'`, token);
      }
    }
    return { text: token.text, quoted: token.type === 'string' };
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private next(): Token | undefined {
    return this.tokens[this.position++];
  }

  private atEnd(): boolean {
    return this.position >= this.tokens.length;
  }

  private accept(type: '(' | ')' | ','): boolean {
    if (this.peek()?.type !== type) return false;
    this.position++;
    return true;
  }

  private isKeyword(word: string): boolean {
    const token = this.peek();
    return token?.type === 'word' && token.text.toLowerCase() === word;
  }

  private fail(message: string, token: Token | undefined = this.peek()): never {
    const at = token ? ` at ${where(token.at)}` : ' at the end of the query';
    throw new JqlError(`${message}${at}.`);
  }
}
