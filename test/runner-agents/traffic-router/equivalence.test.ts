import { BodyCapture } from '../../../runner-agents/linux/traffic-router/body-capture';
import {
  compareBodies,
  firstJsonDifference,
  stripIgnored,
} from '../../../runner-agents/linux/traffic-router/equivalence';

const body = (text: string, cap = 1024) => {
  const c = new BodyCapture(cap);
  // in pieces, as a stream delivers it
  for (let i = 0; i < text.length; i += 7) c.add(Buffer.from(text.slice(i, i + 7)));
  return c.finish();
};
const JSON_MODE = { body: 'json' as const, ignore_fields: [] };

describe('body equivalence', () => {
  it('BodyCapture keeps bytes up to the cap and hashes everything', () => {
    const small = body('hello world');
    expect(small.bytes?.toString()).toBe('hello world');
    const big = body('x'.repeat(2000));
    expect(big.bytes).toBeUndefined();
    expect(big.length).toBe(2000);
    expect(big.sha256).toBe(body('x'.repeat(2000), 10_000).sha256);
  });

  it('JSON mode: key order and whitespace do not matter, values do', () => {
    expect(compareBodies(body('{"a":1,"b":[1,2]}'), body('{ "b": [1, 2], "a": 1 }'), JSON_MODE)).toEqual({
      result: 'equal',
    });
    expect(compareBodies(body('{"a":1,"b":[1,2]}'), body('{"a":1,"b":[2,1]}'), JSON_MODE)).toEqual({
      result: 'different',
      detail: 'json differs at $.b[0] (value)',
    });
    expect(compareBodies(body('{"a":{"x y":1}}'), body('{"a":{}}'), JSON_MODE).detail).toBe(
      'json differs at $.a["x y"] (only in blue)',
    );
    expect(compareBodies(body('{"a":1}'), body('{"a":"1"}'), JSON_MODE).detail).toBe(
      'json differs at $.a (number vs string)',
    );
  });

  it('ignores bare field names at any depth and dotted paths from the root (through arrays)', () => {
    const value = { ts: 1, items: [{ id: 1, ts: 2, meta: { v: 1 } }], meta: { v: 3, keep: true } };
    expect(stripIgnored(value, ['ts', 'meta.v'])).toEqual({
      items: [{ id: 1, meta: { v: 1 } }],
      meta: { keep: true },
    });
    expect(stripIgnored(value, ['items.meta'])).toEqual({
      ts: 1,
      items: [{ id: 1, ts: 2 }],
      meta: { v: 3, keep: true },
    });
    expect(firstJsonDifference([1, 2], [1, 2, 3])).toBe('$ (length 2 vs 3)');
  });

  it('falls back to bytes when a body is not JSON; exact mode is byte for byte', () => {
    expect(compareBodies(body('<p>hi</p>'), body('<p>hi</p>'), JSON_MODE)).toEqual({ result: 'equal' });
    expect(compareBodies(body('<p>hi</p>'), body('<p>ho</p>'), JSON_MODE)).toEqual({
      result: 'different',
      detail: 'bytes differ at offset 4 (length 9 vs 9)',
    });
    expect(compareBodies(body(''), body(''), JSON_MODE)).toEqual({ result: 'equal' });
    expect(
      compareBodies(body('{"a":1}'), body('{"a": 1}'), { body: 'exact', ignore_fields: [] }).result,
    ).toBe('different');
  });

  it('over the cap: equal digests are equal; different ones uncomparable (json) or different (exact)', () => {
    const a = body('a'.repeat(5000));
    const b = body('b'.repeat(5000));
    expect(compareBodies(a, body('a'.repeat(5000)), JSON_MODE)).toEqual({ result: 'equal' });
    expect(compareBodies(a, b, JSON_MODE).result).toBe('uncomparable');
    expect(compareBodies(a, b, { body: 'exact', ignore_fields: [] }).result).toBe('different');
    expect(compareBodies(a, body('small'), JSON_MODE).result).toBe('uncomparable');
  });
});
