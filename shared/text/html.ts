// Text from the data as HTML: every character HTML gives a meaning to is written as an entity, so a
// name like `<img src=x onerror=alert(1)>` is shown as those characters and never becomes markup.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an HTML element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** Markup already made safe: written out as it is. */
export class Html {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

type Value = string | number | Html | readonly Value[] | null | undefined | false;

const write = (value: Value): string =>
  value instanceof Html
    ? value.markup
    : Array.isArray(value)
      ? value.map(write).join('')
      : value === null || value === undefined || value === false
        ? ''
        : escapeHtml(String(value));

/**
 * A piece of HTML: the template's own text is markup, every value put in is text (escaped) unless it
 * is itself `html`; lists are written one after another; null, undefined and false write nothing.
 */
export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  return new Html(strings.reduce((out, s, i) => out + s + (i < values.length ? write(values[i]) : ''), ''));
}
