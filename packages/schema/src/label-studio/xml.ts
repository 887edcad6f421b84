import { SaxesParser } from 'saxes';

/** One element of a parsed label config, attributes as written (names case-sensitive, values unescaped). */
export type XmlElement = {
  readonly tag: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Text directly inside the element (trimmed), for `<Header>Title</Header>`. */
  readonly text: string;
  readonly line: number;
};

export type XmlResult = { ok: true; root: XmlElement } | { ok: false; message: string };

type Building = {
  tag: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  line: number;
};

/**
 * Parses XML text into a plain element tree. No DTDs or entities beyond XML's five are honoured (a label
 * config is untrusted input), comments are dropped, and attribute objects have no prototype, so a client
 * cannot name `__proto__`.
 */
export function parseXml(text: string): XmlResult {
  if (typeof text !== 'string') return { ok: false, message: 'can only parse strings' };
  const parser = new SaxesParser({ position: true });
  const stack: Building[] = [];
  let root: XmlElement | undefined;
  let error: string | undefined;
  parser.on('error', (e) => {
    error ??= e.message;
  });
  parser.on('doctype', () => {
    error ??= 'DTDs are not allowed in a labeling config';
  });
  parser.on('opentag', (tag) => {
    const attrs: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [name, value] of Object.entries(tag.attributes)) attrs[name] = String(value);
    stack.push({ tag: tag.name, attrs, children: [], text: '', line: parser.line });
  });
  parser.on('text', (t) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  });
  parser.on('cdata', (t) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  });
  parser.on('closetag', () => {
    const done = stack.pop()!;
    const element: XmlElement = { ...done, text: done.text.trim() };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else root = element;
  });
  try {
    parser.write(text).close();
  } catch (e) {
    error ??= e instanceof Error ? e.message : String(e);
  }
  if (error !== undefined) return { ok: false, message: error };
  if (!root) return { ok: false, message: 'Document is empty' };
  return { ok: true, root };
}

/** Every element of the tree, depth first, with its ancestors (outermost first). */
export function* walk(
  element: XmlElement,
  ancestors: readonly XmlElement[] = [],
): Generator<{ element: XmlElement; ancestors: readonly XmlElement[] }> {
  yield { element, ancestors };
  for (const child of element.children) yield* walk(child, [...ancestors, element]);
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
export const escapeXmlAttribute = (value: string): string => value.replace(/[&<>"]/g, (c) => escapes[c]!);
