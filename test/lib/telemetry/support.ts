import type { DestinationStream } from 'pino';

/** A pino destination that keeps every line in memory. */
export function memoryDestination(): DestinationStream & {
  text(): string;
  records(): Record<string, unknown>[];
} {
  const lines: string[] = [];
  return {
    write(line: string) {
      lines.push(line);
    },
    text: () => lines.join(''),
    records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
