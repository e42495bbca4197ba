/**
 * Server-side HTML with escaping by default: every interpolated value is text unless it is an
 * HtmlFragment (built by this template or by raw()), so a Jira summary holding `<script>` stays
 * text. raw() is for fragments this code built itself, never for data.
 */
export class HtmlFragment {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

function render(value: unknown): string {
  if (value instanceof HtmlFragment) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): HtmlFragment {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new HtmlFragment(out);
}

/** A trusted fragment, as it is. */
export function raw(text: string): HtmlFragment {
  return new HtmlFragment(text);
}
