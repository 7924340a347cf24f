import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DEFAULT_LIMITS,
  parseRouterConfig,
  readRouterConfig,
} from '../../../runner-agents/linux/traffic-router';
import { isSafeToRepeat, Sampler } from '../../../runner-agents/linux/traffic-router/safe-to-repeat';
import { DEFAULT_SHADOW, parseShadowConfig } from '../../../runner-agents/linux/traffic-router/shadow-config';

const BASE = {
  service: 'demo',
  listen: { host: '127.0.0.1', port: 8080 },
  socketPath: '/run/hale/demo.sock',
  stateFile: '/var/lib/hale/demo-router.json',
  upstreams: { blue: 'http://127.0.0.1:8081' },
};

describe('router config', () => {
  it('fills defaults: no green, shadow off, GET/HEAD/OPTIONS safe, 1 MiB body cap', () => {
    const c = parseRouterConfig(BASE);
    expect(c.upstreams).toEqual({ blue: 'http://127.0.0.1:8081', green: null });
    expect(c.shadow).toEqual(DEFAULT_SHADOW);
    expect(c.shadow.methods).toEqual(['GET', 'HEAD', 'OPTIONS']);
    expect(c.limits).toEqual(DEFAULT_LIMITS);
    expect(c.limits.bodyCapBytes).toBe(1048576);
  });

  it.each([
    [{ ...BASE, upstreams: { blue: 'http://127.0.0.1:8081/', grene: 'x' } }, 'upstreams.grene'],
    [{ ...BASE, upstreams: { blue: 'https://127.0.0.1:8081' } }, 'upstreams.blue'],
    [{ ...BASE, socketPath: 'rel.sock' }, 'socketPath'],
    [{ ...BASE, socketPath: `/tmp/${'s'.repeat(120)}.sock` }, 'socketPath'],
    [{ ...BASE, listen: { host: '127.0.0.1', port: 70000 } }, 'listen.port'],
    [{ ...BASE, limits: { bodyCapBytes: -1 } }, 'limits.bodyCapBytes'],
    [{ ...BASE, limits: { bodyCap: 1 } }, 'limits.bodyCap'],
    [{ ...BASE, shadow: { sample: 2 } }, 'shadow.sample'],
    [{ ...BASE, extra: true }, 'extra'],
    [{ ...BASE, service: '' }, 'service'],
  ])('refuses %j naming %s', (config, field) => {
    expect(() => parseRouterConfig(config)).toThrow(
      expect.objectContaining({ code: 'ROUTER_CONFIG_INVALID', details: { field } }),
    );
  });

  it('reads a file; a non-JSON file is ROUTER_CONFIG_INVALID', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-router-cfg-'));
    fs.writeFileSync(
      path.join(dir, 'ok.json'),
      JSON.stringify({ ...BASE, shadow: { sample: 0.1, methods: ['get'] } }),
    );
    expect(readRouterConfig(path.join(dir, 'ok.json')).shadow).toMatchObject({
      sample: 0.1,
      methods: ['GET'],
    });
    fs.writeFileSync(path.join(dir, 'bad.json'), '{');
    expect(() => readRouterConfig(path.join(dir, 'bad.json'))).toThrow(
      expect.objectContaining({ code: 'ROUTER_CONFIG_INVALID' }),
    );
    fs.rmSync(dir, { recursive: true });
  });
});

describe('safe to repeat', () => {
  const cfg = parseShadowConfig({ paths: ['POST /api/search', '/api/quote*', '/exact'] });
  it.each([
    ['GET', '/anything?x=1', true],
    ['HEAD', '/', true],
    ['OPTIONS', '/x', true],
    ['POST', '/orders', false],
    ['DELETE', '/exact/more', false],
    ['PUT', '/exact?x', true],
    ['POST', '/api/search?q=1', true],
    ['PUT', '/api/search', false],
    ['PATCH', '/api/quote/9', true],
    ['post', '/api/search', true],
  ])('%s %s → %s', (method, target, expected) => {
    expect(isSafeToRepeat(method, target, cfg)).toBe(expected);
  });

  it('methods replace the safe list (a service can even turn GET off)', () => {
    expect(isSafeToRepeat('GET', '/', parseShadowConfig({ methods: ['HEAD'] }))).toBe(false);
  });

  it('deterministic sampling mirrors exactly the fraction asked', () => {
    for (const sample of [0, 0.1, 0.25, 1 / 3, 0.5, 1]) {
      const s = new Sampler();
      const taken = Array.from({ length: 300 }, () => s.take(sample)).filter(Boolean).length;
      expect(Math.abs(taken - 300 * sample)).toBeLessThanOrEqual(1);
    }
  });
});
