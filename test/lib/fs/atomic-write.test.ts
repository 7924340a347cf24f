import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../../../lib/fs';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hale-atomic-'));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates missing directories, replaces the content, leaves no temp file', () => {
    const file = path.join(dir, 'a', 'b', 'state.json');
    writeFileAtomic(file, 'one');
    writeFileAtomic(file, new TextEncoder().encode('two'));
    expect(fs.readFileSync(file, 'utf8')).toBe('two');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['state.json']);
  });

  it('fsyncs the file and then its directory, so the rename is durable', () => {
    const synced: string[] = [];
    const real = fs.fsyncSync;
    jest.spyOn(fs, 'fsyncSync').mockImplementation((fd) => {
      synced.push(fs.fstatSync(fd).isDirectory() ? 'dir' : 'file');
      real(fd);
    });
    writeFileAtomic(path.join(dir, 'x'), 'data');
    expect(synced).toEqual(['file', 'dir']);
  });

  it('a failed rename keeps the old content and removes the temp file', () => {
    const file = path.join(dir, 'target');
    fs.mkdirSync(path.join(file, 'occupied'), { recursive: true }); // renaming a file over a non-empty dir fails
    expect(() => writeFileAtomic(file, 'new')).toThrow();
    expect(fs.readdirSync(dir)).toEqual(['target']);
    expect(fs.readdirSync(file)).toEqual(['occupied']);
  });
});
