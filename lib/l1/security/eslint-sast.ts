import os from 'node:os';
import path from 'node:path';
import type { ESLint, Linter } from 'eslint';
import type { L1ChangedFile } from '../types';

/** Severity of each eslint-plugin-security rule in Hale's SAST run; `error`s decide the vote. */
export type EslintRuleLevel = 'error' | 'warn' | 'off';

/**
 * Default levels: rules that flag code execution, unsafe buffers, ReDoS and hidden characters
 * are errors; the noisy data-flow guesses (object injection, non-literal fs names / RegExp) are
 * warnings, reported but not counted.
 */
export const DEFAULT_ESLINT_RULES: Readonly<Record<string, EslintRuleLevel>> = Object.freeze({
  'detect-eval-with-expression': 'error',
  'detect-child-process': 'error',
  'detect-non-literal-require': 'error',
  'detect-unsafe-regex': 'error',
  'detect-buffer-noassert': 'error',
  'detect-new-buffer': 'error',
  'detect-pseudoRandomBytes': 'error',
  'detect-disable-mustache-escape': 'error',
  'detect-no-csrf-before-method-override': 'error',
  'detect-bidi-characters': 'error',
  'detect-invisible-characters': 'error',
  'detect-possible-timing-attacks': 'warn',
  'detect-object-injection': 'warn',
  'detect-non-literal-fs-filename': 'warn',
  'detect-non-literal-regexp': 'warn',
});

export interface EslintFinding {
  file: string;
  line: number;
  /** `security/detect-child-process`; `parse` for a file that does not parse; `inline-directive` for an ignored `eslint-disable`. */
  rule: string;
  level: 'error' | 'warn';
  message: string;
}

export interface EslintReport {
  findings: EslintFinding[];
  files: number;
  ms: number;
}

const JS = /\.(?:[cm]?js|jsx)$/;
const TS = /\.(?:[cm]?ts|tsx)$/;
export const isScriptFile = (p: string): boolean => (JS.test(p) || TS.test(p)) && !p.endsWith('.d.ts');

async function flatConfig(
  rules: Record<string, EslintRuleLevel>,
  typescript: boolean,
): Promise<Linter.Config[]> {
  const { default: security } = await import('eslint-plugin-security');
  const ruleSet = Object.fromEntries(Object.entries(rules).map(([name, lvl]) => [`security/${name}`, lvl]));
  // No inline configuration: an `eslint-disable` comment in the change cannot hide a finding.
  const base = {
    plugins: { security },
    rules: ruleSet,
    linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' as const },
  };
  const configs: Linter.Config[] = [
    {
      ...base,
      files: ['**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'],
      languageOptions: {
        ecmaVersion: 'latest',
        sourceType: 'module',
        parserOptions: { ecmaFeatures: { jsx: true } },
      },
    },
  ];
  if (typescript) {
    const { parser } = await import('typescript-eslint');
    configs.push({
      ...base,
      files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'],
      languageOptions: { parser },
    });
  }
  return configs;
}

/**
 * Runs eslint-plugin-security over the changed JS/TS files through the ESLint Node API, with a
 * flat config built here (no config file from the change or the repo is read; ignore patterns
 * off, inline `eslint-disable` comments off). A file that does not parse is an `error` finding.
 */
export async function runEslintSecurity(
  files: L1ChangedFile[],
  rules: Record<string, EslintRuleLevel> = DEFAULT_ESLINT_RULES,
): Promise<EslintReport> {
  const scripts = files.filter((f) => f.content !== null && isScriptFile(f.path));
  if (scripts.length === 0) return { findings: [], files: 0, ms: 0 };
  const started = Date.now();
  const { ESLint: ESLintClass } = await import('eslint');
  const cwd = path.join(os.tmpdir(), 'hale-l1-eslint');
  const overrideConfig = await flatConfig(
    rules,
    scripts.some((f) => TS.test(f.path)),
  );
  const eslint: ESLint = new ESLintClass({ cwd, overrideConfigFile: true, overrideConfig, ignore: false });
  const findings: EslintFinding[] = [];
  for (const f of scripts) {
    const [result] = await eslint.lintText(f.content as string, {
      filePath: path.join(cwd, ...f.path.split('/')),
    });
    for (const m of result?.messages ?? []) {
      findings.push({
        file: f.path,
        line: m.line,
        // No rule id: a fatal parse error, or a directive comment that noInlineConfig ignored.
        rule: m.ruleId ?? (m.fatal ? 'parse' : 'inline-directive'),
        level: m.fatal || m.severity === 2 ? 'error' : 'warn',
        message: m.message,
      });
    }
  }
  return { findings, files: scripts.length, ms: Date.now() - started };
}
