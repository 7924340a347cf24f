/**
 * Process-wide OpenTelemetry context plumbing that the Temporal interceptors rely on: an
 * AsyncLocalStorage context manager (so the active span follows async calls) and the W3C
 * trace-context + baggage propagator (so spans cross the client → workflow → activity headers).
 * Written here (30 lines) instead of adding `@opentelemetry/context-async-hooks`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { ROOT_CONTEXT, context, propagation } from '@opentelemetry/api';
import type { Context, ContextManager } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';

export class AsyncLocalStorageContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();

  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    const callback = thisArg === undefined ? fn : (fn.bind(thisArg) as F);
    return this.storage.run(ctx, callback, ...args);
  }

  /** Binds functions only; other targets (event emitters) are returned unchanged. */
  bind<T>(ctx: Context, target: T): T {
    if (typeof target !== 'function') return target;
    const fn = target as unknown as (...args: unknown[]) => unknown;
    const bound = (...args: unknown[]): unknown => this.with(ctx, () => fn(...args));
    return bound as unknown as T;
  }

  enable(): this {
    return this;
  }

  disable(): this {
    this.storage.disable();
    return this;
  }
}

let installed = false;

/**
 * Registers the context manager and propagator as OpenTelemetry globals, once per process.
 * Returns false when another component had already registered its own (theirs is kept).
 */
export function installContextPropagation(): boolean {
  if (installed) return true;
  const managerSet = context.setGlobalContextManager(new AsyncLocalStorageContextManager());
  const propagatorSet = propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  );
  installed = true;
  return managerSet && propagatorSet;
}
