import type { ShadowConfig } from './shadow-config';

/** The path of a request target without its query string. */
export function pathOf(target: string): string {
  const q = target.search(/[?#]/);
  return q < 0 ? target : target.slice(0, q);
}

function pathMatches(rule: string, path: string): boolean {
  return rule.endsWith('*') ? path.startsWith(rule.slice(0, -1)) : path === rule;
}

/**
 * True when the service config marks this request safe to send twice: its method is one of the safe
 * methods, or a `paths` rule names it. Everything else (a POST by default) is never mirrored.
 */
export function isSafeToRepeat(method: string, target: string, config: ShadowConfig): boolean {
  const m = method.toUpperCase();
  if (config.methods.includes(m)) return true;
  const path = pathOf(target);
  return config.paths.some((rule) => {
    const space = rule.indexOf(' ');
    if (space < 0) return pathMatches(rule, path);
    return rule.slice(0, space) === m && pathMatches(rule.slice(space + 1), path);
  });
}

/**
 * Deterministic sampling: mirrors exactly ⌊n·sample⌋ (±1) of n eligible requests, evenly spread, so a
 * sample of 0.25 over 100 requests mirrors 25 — not "about 25, or sometimes 12".
 */
export class Sampler {
  private credit = 0;

  take(sample: number): boolean {
    if (sample <= 0) return false;
    this.credit += sample;
    if (this.credit >= 1 - 1e-9) {
      this.credit -= 1;
      return true;
    }
    return false;
  }

  reset(): void {
    this.credit = 0;
  }
}
