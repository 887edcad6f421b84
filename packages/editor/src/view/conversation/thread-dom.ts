/** Where messages are in the thread's DOM (message ids are data: compared, never put into a selector). */

/** A message's element in the thread. */
export const articleOf = (root: HTMLElement | null, messageId: string): HTMLElement | undefined =>
  [...(root?.querySelectorAll<HTMLElement>('.ly-msg') ?? [])].find(
    (el) => el.dataset.messageId === messageId,
  );

/** The message whose text holds a DOM node, if any. */
export const messageOf = (node: Node | null): string | undefined => {
  const el = node instanceof Element ? node : node?.parentElement;
  return el?.closest<HTMLElement>('.ly-msg-text')?.dataset.messageId;
};
