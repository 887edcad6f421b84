/** A form field's text ('' when absent or a file): FormData.get returns string | File | null. */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}
