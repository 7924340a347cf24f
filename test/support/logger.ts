import pino from 'pino';

/** A silent logger for tests that do not inspect logs. */
export const silentLogger = pino({ level: 'silent' });
