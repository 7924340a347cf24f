import { Saga } from '../../workflows/saga';

describe('Saga: compensations in reverse order, each recorded, failures do not stop the rest', () => {
  it('undoes newest first and records every step', async () => {
    const order: string[] = [];
    const saga = new Saga();
    saga.push('stop green', async () => void order.push('stop green'));
    saga.push('traffic back to blue', async () => void order.push('traffic back to blue'));
    saga.push('restore venv', async () => {
      order.push('restore venv');
      throw new Error('disk full');
    });
    const recorded: string[] = [];
    const done = await saga.compensate(async (r) => void recorded.push(`${r.name}:${r.ok}`));
    expect(order).toEqual(['restore venv', 'traffic back to blue', 'stop green']);
    expect(done[0]).toEqual({ name: 'restore venv', ok: false, error: 'disk full' });
    expect(recorded).toEqual(['restore venv:false', 'traffic back to blue:true', 'stop green:true']);
    expect(saga.pending).toEqual([]);
    expect(await saga.compensate()).toEqual([]); // nothing twice
  });

  it('pop drops a finished change so it is not undone', async () => {
    const saga = new Saga();
    const undone: string[] = [];
    saga.push('abort green', async () => void undone.push('abort green'));
    saga.push('roll back promotion', async () => void undone.push('roll back promotion'));
    saga.pop('roll back promotion');
    expect(saga.pending).toEqual(['abort green']);
    await saga.compensate();
    expect(undone).toEqual(['abort green']);
  });
});
