import fs from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');

export interface DocExample {
  contract: string;
  line: number;
  text: string;
}

/** The ```json contract=<name> blocks of docs/contracts.md, in order. */
export function contractExamples(): DocExample[] {
  const markdown = fs.readFileSync(path.join(repoRoot, 'docs', 'contracts.md'), 'utf8');
  const examples: DocExample[] = [];
  const fence = /^```json contract=([A-Za-z0-9._-]+)[ \t]*\n([\s\S]*?)^```[ \t]*$/gm;
  for (const match of markdown.matchAll(fence)) {
    const line = markdown.slice(0, match.index).split('\n').length;
    examples.push({ contract: match[1] ?? '', line, text: match[2] ?? '' });
  }
  return examples;
}

/** A fresh (deep-copied) parse of the documented example for `contract`. */
export function exampleOf(contract: string): Record<string, unknown> {
  const found = contractExamples().find((e) => e.contract === contract);
  if (!found) throw new Error(`docs/contracts.md has no example for ${contract}`);
  return JSON.parse(found.text) as Record<string, unknown>;
}
