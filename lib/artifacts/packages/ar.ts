import { open } from 'node:fs/promises';
import { asMalformed, malformed } from './malformed';

export interface ArMember {
  name: string;
  offset: number;
  size: number;
}

const MAGIC = '!<arch>\n';
const HEADER = 60;

/**
 * A Unix `ar` archive (the outer layer of a .deb), read by offsets so large data members are
 * never loaded: 60-byte headers with the name (GNU style may end in `/`), decimal size and the
 * `` `\n `` terminator; member data is padded to an even length.
 */
export async function readAr(
  file: string,
  wanted: (name: string) => boolean,
): Promise<{ members: ArMember[]; data: Map<string, Buffer> }> {
  const handle = await open(file, 'r').catch((err: unknown) => {
    throw malformed(file, 'cannot open', err);
  });
  try {
    const { size: total } = await handle.stat();
    const readAt = async (offset: number, length: number): Promise<Buffer> => {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buf, 0, length, offset);
      return buf.subarray(0, bytesRead);
    };
    if ((await readAt(0, MAGIC.length)).toString('latin1') !== MAGIC)
      throw malformed(file, 'not an ar archive');
    const members: ArMember[] = [];
    const data = new Map<string, Buffer>();
    let offset = MAGIC.length;
    while (offset < total) {
      const header = (await readAt(offset, HEADER)).toString('latin1');
      if (header.length < HEADER) throw malformed(file, `truncated ar header at byte ${offset}`);
      if (header.slice(58, 60) !== '`\n') throw malformed(file, `bad ar header at byte ${offset}`);
      const name = header.slice(0, 16).trim().replace(/\/$/, '');
      const sizeText = header.slice(48, 58).trim();
      if (!/^\d+$/.test(sizeText)) throw malformed(file, `bad ar member size for ${name}`);
      const size = Number(sizeText);
      const start = offset + HEADER;
      if (start + size > total) throw malformed(file, `ar member ${name} is truncated`);
      members.push({ name, offset: start, size });
      if (wanted(name)) data.set(name, await readAt(start, size));
      offset = start + size + (size % 2);
    }
    return { members, data };
  } catch (err) {
    throw asMalformed(file, 'unreadable ar archive', err);
  } finally {
    await handle.close();
  }
}
