import { ArtifactError } from '../errors';
import { decodeBase64 } from './base64';

export interface PemBlock {
  type: string;
  der: Buffer;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END ([A-Z0-9 ]+)-----/;

/** The first PEM block of `text` (text around it is ignored, as Go's pem.Decode does); KEY_MALFORMED if none. */
export function decodePem(text: string, what: string): PemBlock {
  const match = BLOCK.exec(text);
  if (!match) throw new ArtifactError('KEY_MALFORMED', `${what}: no PEM block found`);
  const [, type = '', body = '', endType] = match;
  if (endType !== type) {
    throw new ArtifactError('KEY_MALFORMED', `${what}: PEM block BEGIN ${type} ends with END ${endType}`);
  }
  if (body.includes(':')) throw new ArtifactError('KEY_MALFORMED', `${what}: PEM headers are not supported`);
  const der = decodeBase64(body.replace(/\s+/g, ''), `${what}: PEM body`, 'KEY_MALFORMED');
  if (der.length === 0) throw new ArtifactError('KEY_MALFORMED', `${what}: PEM block is empty`);
  return { type, der };
}

/** PEM as Go's pem.EncodeToMemory writes it: 64-character lines, a final newline. */
export function encodePem(type: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${type}-----\n${lines.join('\n')}\n-----END ${type}-----\n`;
}
