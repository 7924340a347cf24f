/**
 * The message of anything thrown, by shape (errors from another realm — fetch's, the Temporal
 * sandbox's — fail `instanceof Error`), with its cause's message when it has one.
 */
export function errorMessage(err: unknown): string {
  const message = (e: unknown): string | undefined =>
    typeof (e as { message?: unknown })?.message === 'string'
      ? (e as { message: string }).message
      : undefined;
  const cause = message((err as { cause?: unknown })?.cause);
  return [message(err) ?? String(err), cause].filter(Boolean).join(': ');
}
