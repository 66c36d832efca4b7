import { useStorageTestDatabase } from '../../test-support/test-database';
import { MonitorWatermarkRepository } from './monitor-watermark.repository';

describe('MonitorWatermarkRepository (real PostgreSQL)', () => {
  const db = useStorageTestDatabase();
  let marks: MonitorWatermarkRepository;

  beforeAll(() => {
    marks = new MonitorWatermarkRepository(db.dataSource);
  });

  it('only moves forward', async () => {
    expect(await marks.get('fills')).toBeNull();
    expect(await marks.advance('fills', '20261125100000123::b')).toBe(true);
    expect(await marks.advance('fills', '20261125100000123::a')).toBe(false);
    expect(await marks.advance('fills', '20261125100000123::b')).toBe(false);
    expect(await marks.advance('fills', '20261125100000124::a')).toBe(true);
    expect(await marks.get('fills')).toBe('20261125100000124::a');
  });

  it('compares bytewise, whatever the database collation', async () => {
    await marks.advance('orders', '2026-11-25T15:00:00.000Z');
    expect(await marks.advance('orders', '2026-11-25T09:00:00.000Z')).toBe(false);
    expect(await marks.advance('orders', '2026-11-25T15:00:00.001Z')).toBe(true);
  });

  it('ends at the largest value when replicas race', async () => {
    const values = Array.from({ length: 40 }, (_, i) => `2026-11-25T15:00:${String(i).padStart(2, '0')}.000Z`);
    await Promise.all([...values].reverse().map((v) => marks.advance('race', v)));
    expect(await marks.get('race')).toBe(values[values.length - 1]);
  });

  it('lists by prefix and refuses bad input', async () => {
    expect((await marks.list('ord')).map((m) => m.name)).toEqual(['orders']);
    await expect(marks.advance('', 'x')).rejects.toThrow(/name/);
    await expect(marks.advance('x', '')).rejects.toThrow(/non-empty/);
  });
});
