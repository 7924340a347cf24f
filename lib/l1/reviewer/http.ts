import type { Vote } from '../../voting';
import type { L1Input, L1Voter } from '../types';
import { errorMessage } from '../error-message';
import { makeVote } from '../vote';
import { reviewPrompt, SYSTEM_PROMPT } from './prompt';

export interface HttpReviewerConfig {
  /** Base URL of an OpenAI-compatible server (`http://127.0.0.1:8080`); `/v1/chat/completions` is appended. */
  url: string;
  model: string;
  /** Name of the environment variable holding the API key (sent as `Authorization: Bearer`). */
  api_key_env?: string;
  /** Whole-request timeout (default 20 s). */
  timeout_ms?: number;
  /** Cap on the prompt (default 24,000 characters). */
  max_prompt_chars?: number;
}

/** `reviewer:model:<model>` (the model name squeezed into the voter-id alphabet). */
export function httpReviewerId(model: string): string {
  return `reviewer:model:${model.replace(/[^A-Za-z0-9._:@-]/g, '-')}`.slice(0, 128);
}

export function completionsUrl(base: string): string {
  const trimmed = base.replace(/\/+$/, '');
  return trimmed.endsWith('/v1/chat/completions')
    ? trimmed
    : `${trimmed.replace(/\/v1$/, '')}/v1/chat/completions`;
}

type Answer = { verdict: 'accept' | 'reject' | 'abstain'; reasons: string[] } | { error: string };

/** Reads the strict JSON answer out of a chat-completions response body. */
export function parseReviewAnswer(body: string): Answer {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return { error: 'the response body is not JSON' };
  }
  const content = (doc as { choices?: { message?: { content?: unknown } }[] }).choices?.[0]?.message?.content;
  if (typeof content !== 'string') return { error: 'the response has no choices[0].message.content' };
  let answer: { verdict?: unknown; reasons?: unknown };
  try {
    answer = JSON.parse(content.trim()) as typeof answer;
  } catch {
    return { error: `the answer is not the requested JSON: ${JSON.stringify(content.slice(0, 120))}` };
  }
  if (answer === null || typeof answer !== 'object') return { error: 'the answer is not a JSON object' };
  const { verdict, reasons } = answer;
  if (verdict !== 'accept' && verdict !== 'reject' && verdict !== 'abstain') {
    return { error: `the answer's verdict ${JSON.stringify(verdict)} is not accept, reject or abstain` };
  }
  if (
    !Array.isArray(reasons) ||
    reasons.length === 0 ||
    !reasons.every((r) => typeof r === 'string' && r.trim() !== '')
  ) {
    return { error: "the answer's reasons are not a non-empty list of strings" };
  }
  return { verdict, reasons: reasons as string[] };
}

async function ask(config: HttpReviewerConfig, input: L1Input, signal: AbortSignal): Promise<Answer> {
  const timeoutMs = config.timeout_ms ?? 20000;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const key = config.api_key_env ? process.env[config.api_key_env] : undefined;
  if (key) headers.authorization = `Bearer ${key}`;
  const body = JSON.stringify({
    model: config.model,
    temperature: 0,
    response_format: { type: 'json_object' },
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: reviewPrompt(input, config.max_prompt_chars ?? 24000) },
    ],
  });
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(completionsUrl(config.url), {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.any([signal, timeout]),
    });
    const text = await res.text();
    if (!res.ok) return { error: `the endpoint answered HTTP ${res.status}: ${text.slice(0, 200)}` };
    return parseReviewAnswer(text);
  } catch (err) {
    if (timeout.aborted) return { error: `no answer within ${timeoutMs} ms` };
    if (signal.aborted) return { error: 'stopped (voter timeout)' };
    return { error: `the request failed: ${errorMessage(err)}` };
  }
}

/**
 * A reviewer backed by an OpenAI-compatible chat-completions endpoint. The model must answer in
 * the strict JSON format of SYSTEM_PROMPT; anything else (HTTP error, timeout, malformed or
 * unexpected JSON) is an `abstain` with the reason, never an accept. The model cannot veto.
 */
export function createHttpReviewer(config: HttpReviewerConfig, options: { now?: () => Date } = {}): L1Voter {
  const id = httpReviewerId(config.model);
  const now = options.now ?? (() => new Date());
  const ref = completionsUrl(config.url);
  return {
    id,
    async vote(input: L1Input, signal: AbortSignal): Promise<Vote> {
      const answer = await ask(config, input, signal);
      if ('error' in answer)
        return makeVote(id, 'abstain', [`model reviewer ${config.model}: ${answer.error}`], [ref], now());
      return makeVote(
        id,
        answer.verdict,
        answer.reasons.map((r) => `model ${config.model}: ${r}`),
        [ref],
        now(),
      );
    },
  };
}
