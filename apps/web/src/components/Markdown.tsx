import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useMemo } from 'react';

/**
 * Markdown written by users (project instructions), rendered to HTML and then sanitized: scripts, event
 * handlers, javascript: URLs and unknown tags are removed before anything reaches the DOM.
 */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: false });
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'iframe', 'object', 'embed'],
    FORBID_ATTR: ['style'],
  });
}

export function Markdown({ source, label }: { source: string; label: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  // The only innerHTML in the app: its input went through DOMPurify just above.
  return <div className="ly-markdown" aria-label={label} dangerouslySetInnerHTML={{ __html: html }} />;
}
