// eslint-plugin-security 4.x ships no types; this is the part Hale uses.
declare module 'eslint-plugin-security' {
  import type { ESLint } from 'eslint';
  const plugin: ESLint.Plugin & { rules: Record<string, unknown> };
  export = plugin;
}
